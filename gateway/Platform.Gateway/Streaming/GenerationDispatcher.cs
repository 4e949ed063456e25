using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts.Chat;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Gateway.Streaming;

/// <summary>Puts a generation command on the bus and opens the stream its output will arrive on.</summary>
internal sealed class GenerationDispatcher(
    ISendEndpointProvider sendEndpoints,
    IPublishEndpoint publisher,
    GenerationStreams streams,
    GenerationStreamListener listener,
    IOptions<GatewayOptions> options,
    TimeProvider time)
{
    /// <summary>A new generation id, its deadline and where its output will arrive.</summary>
    public GenerationTicket NewTicket(CallerIdentity caller, string model, SamplingSettings sampling, bool streamDeltas, string endpoint)
    {
        var now = time.GetUtcNow();
        return new GenerationTicket(NewId.NextGuid(), now, now + options.Value.RequestTimeout, listener.StreamAddress,
            caller, model, sampling, streamDeltas, endpoint);
    }

    public Task<OpenGeneration> StartAsync(GenerationTicket ticket, CompleteCode command, CancellationToken cancellationToken) =>
        SendAsync(ticket, ServiceQueues.CodeCompletion, command, "cmpl-", cancellationToken);

    public Task<OpenGeneration> StartAsync(GenerationTicket ticket, CompleteChat command, CancellationToken cancellationToken) =>
        SendAsync(ticket, ServiceQueues.Chat, command, "chatcmpl-", cancellationToken);

    private async Task<OpenGeneration> SendAsync<TCommand>(
        GenerationTicket ticket, string queue, TCommand command, string idPrefix, CancellationToken cancellationToken)
        where TCommand : class
    {
        var stream = streams.Open(ticket.GenerationId, ticket.Model);
        try
        {
            var service = await sendEndpoints.GetSendEndpoint(ServiceQueues.Address(queue));
            await service.SendTransient(command, cancellationToken);
        }
        catch
        {
            streams.Close(ticket.GenerationId);
            throw;
        }

        return new OpenGeneration(stream, ticket.Model, ticket.AcceptedAt, this, idPrefix);
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
