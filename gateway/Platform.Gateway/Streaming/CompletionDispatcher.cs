using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Apis;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Gateway.Streaming;

/// <summary>Puts a completion request on the bus and opens the stream its output will arrive on.</summary>
internal sealed class CompletionDispatcher(
    ISendEndpointProvider sendEndpoints,
    IPublishEndpoint publisher,
    GenerationStreams streams,
    GenerationStreamListener listener,
    IOptions<GatewayOptions> options,
    TimeProvider time)
{
    public async Task<OpenGeneration> StartAsync(
        CompletionRequest request, string model, CallerIdentity caller, string endpoint, CancellationToken cancellationToken)
    {
        var generationId = NewId.NextGuid();
        var stream = streams.Open(generationId, model);
        var now = time.GetUtcNow();
        var command = new CompleteCode
        {
            GenerationId = generationId,
            TenantId = caller.TenantId,
            ApiKeyId = caller.ApiKeyId,
            Model = model,
            Prefix = request.Prompt,
            Suffix = request.Suffix,
            Sampling = new SamplingSettings
            {
                MaxTokens = request.MaxTokens,
                Temperature = request.Temperature,
                TopP = request.TopP,
                PresencePenalty = request.PresencePenalty,
                FrequencyPenalty = request.FrequencyPenalty,
                Seed = request.Seed,
                Stop = request.Stop,
            },
            StreamAddress = listener.StreamAddress,
            Deadline = now + options.Value.RequestTimeout,
            AcceptedAt = now,
            Endpoint = endpoint,
        };

        try
        {
            var completion = await sendEndpoints.GetSendEndpoint(ServiceQueues.Address(ServiceQueues.CodeCompletion));
            await completion.Send(command, cancellationToken);
        }
        catch
        {
            streams.Close(generationId);
            throw;
        }

        return new OpenGeneration(stream, model, now, this);
    }

    internal async Task CloseAsync(OpenGeneration generation)
    {
        streams.Close(generation.Stream.GenerationId);
        if (!generation.Ended)
        {
            // The client left or the gateway gave up: let the worker free the sequence now.
            await publisher.Publish(new CancelGeneration(generation.Stream.GenerationId), CancellationToken.None);
        }
    }
}

/// <summary>A generation in flight; disposing it before its end cancels it on the worker.</summary>
internal sealed class OpenGeneration(GenerationStream stream, string model, DateTimeOffset createdAt, CompletionDispatcher dispatcher)
    : IAsyncDisposable
{
    public GenerationStream Stream { get; } = stream;
    public string Model { get; } = model;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string CompletionId { get; } = $"cmpl-{stream.GenerationId:N}";

    /// <summary>Set once a finish or rejection has been read: nothing is left to cancel.</summary>
    public bool Ended { get; set; }

    public ValueTask DisposeAsync() => new(dispatcher.CloseAsync(this));
}
