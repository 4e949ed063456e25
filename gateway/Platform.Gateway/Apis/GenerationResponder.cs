using System.Globalization;
using Microsoft.AspNetCore.Http;
using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Limits;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>What a generating request asks for: its scope, the model it named (null: the default) and a token reservation.</summary>
internal sealed record AdmissionNeeds(string Scope, string? RequestedModel, int ReservedTokens);

/// <summary>
/// Resolves the model, admits a generating request (scope, plan, backlog, rate limits), then runs its generation to the answer under
/// the request timeout: a client that leaves cancels it on the worker (disposing the generation), a generation
/// that overruns gets 504. The limits are settled with the tokens the worker reported.
/// </summary>
internal static class GenerationResponder
{
    public const string WorkerTimeHeader = "x-platform-worker-ms";
    public const string QueueTimeHeader = "x-platform-queue-ms";

    public static async Task<IResult> RespondAsync(
        HttpContext context,
        GatewayOptions options,
        GenerationAdmission admission,
        AdmissionNeeds needs,
        Func<string, CancellationToken, Task<OpenGeneration>> start,
        Func<OpenGeneration, CancellationToken, Task<IResult>> respond)
    {
        var served = options.ServedModels();
        var model = needs.RequestedModel ?? options.DefaultModel;
        if (!served.Contains(model))
        {
            return GatewayProblems.UnknownModel(model, served);
        }

        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        var (lease, refusal) = await admission.AdmitAsync(context, caller, needs.Scope, model, needs.ReservedTokens);
        if (refusal is not null)
        {
            return refusal;
        }

        // Released (and its token count settled in Redis) after the response is sent, not on the response path.
        var admitted = lease!;
        context.Response.RegisterForDisposeAsync(admitted);
        var requestTimeout = options.RequestTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(requestTimeout);

        await using var generation = await start(model, context.RequestAborted);
        try
        {
            var result = await respond(generation, timeout.Token);
            WriteWorkerTiming(context.Response, generation.Stream.Outcome);
            return result;
        }
        catch (OperationCanceledException) when (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty; // the client left, or the stream already began: nothing more can be said
        }
        catch (OperationCanceledException)
        {
            return GatewayProblems.Create(StatusCodes.Status504GatewayTimeout, "Generation timed out",
                $"No complete answer within {requestTimeout.TotalSeconds:F0} s.", "timeout");
        }
        finally
        {
            if (generation.Stream.Outcome is { } outcome)
            {
                admitted.ActualTokens = outcome.PromptTokens + outcome.CompletionTokens;
            }
        }
    }

    /// <summary>
    /// The worker's own time and the time the request waited for a worker, on answers not yet started (not streams),
    /// so a client can tell the platform's overhead from the model's work.
    /// </summary>
    private static void WriteWorkerTiming(HttpResponse response, GenerationFinished? outcome)
    {
        if (outcome is null || response.HasStarted)
        {
            return;
        }

        response.Headers[WorkerTimeHeader] = Milliseconds(outcome.WorkerTime);
        response.Headers[QueueTimeHeader] = Milliseconds(outcome.QueueTime);
    }

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>Reads a generation to its end: the whole text and the finish, or the rejection as a problem.</summary>
    public static async Task<(string Text, GenerationEvent.Finished? Finished, IResult? Problem)> CollectAsync(
        OpenGeneration generation, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var item in generation.Stream.ReadAllAsync(cancellationToken))
        {
            switch (item)
            {
                case GenerationEvent.Text delta:
                    text.Append(delta.Value);
                    break;
                case GenerationEvent.Finished finished:
                    generation.Ended = true;
                    return (text.ToString(), finished, null);
                case GenerationEvent.Rejected rejected:
                    generation.Ended = true;
                    return ("", null, CompletionsApi.RejectionProblem(rejected));
            }
        }

        throw new OperationCanceledException();
    }
}
