using System.Diagnostics;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Generation;
using Platform.Inference;
using Platform.Inference.Engine;
using Platform.ModelWorker.Metering;
using Platform.ModelWorker.Models;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ModelWorker.Consumers;

/// <summary>
/// Runs one <see cref="Generate"/> command: streams deltas to the requesting gateway (or, when the request does not
/// stream, keeps the text for the finish), then the finish, then records its <see cref="GenerationUsage"/> usage,
/// acknowledging the command only once the usage is published. Each run is a new attempt (its own id on every message,
/// its lease renewed by <see cref="GenerationLeases"/>), so a command redelivered after a worker died restarts its
/// stream in a way the gateway can tell apart. A worker that stops before a generation ends hands it back.
/// </summary>
internal sealed class GenerateConsumer(
    LoadedModel model,
    GenerationCancellations cancellations,
    GenerationLeases leases,
    UsagePublisher usage,
    TimeProvider time,
    ILogger<GenerateConsumer> logger) : IConsumer<Generate>
{
    public async Task Consume(ConsumeContext<Generate> context)
    {
        var request = context.Message;
        var pickedUp = time.GetUtcNow();
        var attempt = NewId.NextGuid();
        var stream = await context.GetSendEndpoint(request.StreamAddress);

        if (request.Deadline <= pickedUp)
        {
            await stream.Send(new GenerationRejected(request.GenerationId, GenerationRejectionCodes.DeadlineExceeded,
                "The request waited past its deadline before a worker could start it.") { Attempt = attempt });
            await RecordUsageAsync(context, 0, 0, TimeSpan.Zero, "deadline_exceeded");
            return;
        }

        using var cancellation = cancellations.Begin(request.GenerationId, context.CancellationToken);
        if (cancellation is null)
        {
            await RecordUsageAsync(context, 0, 0, TimeSpan.Zero, "cancelled");
            return;
        }

        using var lease = leases.Hold(request.GenerationId, attempt, request.StreamAddress);

        using var activity = PlatformTelemetry.ActivitySource.StartActivity($"generate {request.Model}");
        activity?.SetTag("gen_ai.operation.name", "text_completion");
        activity?.SetTag("gen_ai.request.model", request.Model);
        activity?.SetTag("gen_ai.request.max_tokens", request.Sampling.MaxTokens);
        activity?.SetTag("gen_ai.request.temperature", request.Sampling.Temperature);
        try
        {
            var generator = await model.GetAsync(cancellation.Token);
            var sequence = 0;
            var promptTokens = 0;
            var completionTokens = 0;
            TimeSpan? firstToken = null;
            var reason = FinishReason.Cancelled;
            // Deltas are not awaited one by one: waiting for each send to reach the broker connection would hold every
            // token back behind the last. The gateway re-orders by sequence number; all sends are awaited before the
            // outcome counts.
            var sends = new List<Task>();
            var unsent = request.StreamDeltas ? null : new StringBuilder();
            // Tokens whose logprobs have not travelled yet: one that ends inside a character releases no text.
            var unsentLogprobs = request.Sampling.Logprobs ? new List<TokenLogprob>() : null;
            try
            {
                await foreach (var chunk in generator.GenerateAsync(ToRequest(request), cancellation.Token))
                {
                    promptTokens = chunk.PromptTokens;
                    completionTokens = chunk.CompletionTokens;
                    if (chunk.Logprob is { } logprob)
                    {
                        unsentLogprobs?.Add(logprob);
                    }

                    if (chunk.Text.Length > 0)
                    {
                        firstToken ??= time.GetUtcNow() - pickedUp;
                        if (unsent is null)
                        {
                            sends.Add(stream.SendTransient(
                                new GenerationDelta(request.GenerationId, sequence++, chunk.Text)
                                {
                                    Attempt = attempt,
                                    Logprobs = TakeAll(unsentLogprobs),
                                },
                                CancellationToken.None));
                        }
                        else
                        {
                            unsent.Append(chunk.Text);
                        }
                    }

                    if (chunk.FinishReason is { } finish)
                    {
                        reason = finish;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                reason = FinishReason.Cancelled;
            }

            var workerTime = time.GetUtcNow() - pickedUp;
            sends.Add(stream.SendTransient(new GenerationFinished
            {
                GenerationId = request.GenerationId,
                Attempt = attempt,
                Model = request.Model,
                FinishReason = reason,
                DeltaCount = sequence,
                PromptTokens = promptTokens,
                CompletionTokens = completionTokens,
                QueueTime = pickedUp - request.AcceptedAt,
                WorkerTime = workerTime,
                TimeToFirstToken = firstToken,
                Text = unsent?.ToString(),
                Logprobs = TakeAll(unsentLogprobs),
            }, CancellationToken.None));
            await Task.WhenAll(sends);
            activity?.SetTag("gen_ai.usage.input_tokens", promptTokens);
            activity?.SetTag("gen_ai.usage.output_tokens", completionTokens);
            activity?.SetTag("gen_ai.response.finish_reasons", new[] { reason.ToString().ToLowerInvariant() });
            await RecordUsageAsync(context, promptTokens, completionTokens, workerTime, reason.ToString().ToLowerInvariant());
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The worker is stopping and its grace period ran out: the command goes back to the queue unacknowledged
            // (no usage recorded, another worker runs it), and the gateway hears at once that this attempt is over.
            logger.LogInformation("Handing generation {GenerationId} back: the worker is stopping.", request.GenerationId);
            await TrySendAsync(stream, new GenerationRejected(request.GenerationId, GenerationRejectionCodes.WorkerStopping,
                "The model worker stopped before the generation ended.") { Attempt = attempt });
            throw;
        }
        catch (RequestDeadlineExceededException)
        {
            await RejectAsync(context, stream, attempt, GenerationRejectionCodes.DeadlineExceeded,
                "The request waited past its deadline before the engine could start it.", activity);
        }
        catch (ContextLengthExceededException exception)
        {
            await RejectAsync(context, stream, attempt, GenerationRejectionCodes.ContextLengthExceeded, exception.Message, activity);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Generation {GenerationId} failed.", request.GenerationId);
            await RejectAsync(context, stream, attempt, GenerationRejectionCodes.WorkerFailure, "The model worker failed while generating.", activity);
        }
        finally
        {
            cancellations.End(request.GenerationId);
        }
    }

    private static TokenLogprob[]? TakeAll(List<TokenLogprob>? pending)
    {
        if (pending is not { Count: > 0 })
        {
            return null;
        }

        TokenLogprob[] taken = [.. pending];
        pending.Clear();
        return taken;
    }

    internal static TextGenerationRequest ToRequest(Generate request) => new(request.GenerationId.ToString("N"), request.Prompt, request.Sampling)
    {
        CacheSalt = request.TenantId,
        Priority = ModelQueues.SchedulingPriority(request.Priority, request.PriorityBoost),
        Deadline = request.Deadline,
    };

    private async Task RejectAsync(
        ConsumeContext<Generate> context, ISendEndpoint stream, Guid attempt, string code, string detail, Activity? activity)
    {
        activity?.SetStatus(ActivityStatusCode.Error, code);
        await stream.Send(new GenerationRejected(context.Message.GenerationId, code, detail) { Attempt = attempt }, CancellationToken.None);
        await RecordUsageAsync(context, 0, 0, TimeSpan.Zero, code);
    }

    private async Task TrySendAsync(ISendEndpoint stream, GenerationRejected rejected)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await stream.SendTransient(rejected, timeout.Token);
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Could not tell the gateway that generation {GenerationId} was handed back.", rejected.GenerationId);
        }
    }

    /// <summary>
    /// Waits for the usage to be confirmed (<see cref="UsagePublisher"/> retries while the broker is away). A worker
    /// stopping meanwhile hands the command back instead: metering counts a generation once, however often it runs.
    /// </summary>
    private Task RecordUsageAsync(ConsumeContext<Generate> context, int promptTokens, int completionTokens, TimeSpan workerTime, string outcome) =>
        usage.RecordAsync(new GenerationUsage
        {
            GenerationId = context.Message.GenerationId,
            TenantId = context.Message.TenantId,
            ApiKeyId = context.Message.ApiKeyId,
            Model = context.Message.Model,
            Endpoint = context.Message.Endpoint,
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            WorkerTime = workerTime,
            Outcome = outcome,
            CompletedAt = time.GetUtcNow(),
        }).WaitAsync(context.CancellationToken);
}
