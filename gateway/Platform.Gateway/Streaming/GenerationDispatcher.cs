using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Chat;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Gateway.Streaming;

/// <summary>
/// Puts a generation command on the bus and opens the stream its output will arrive on. When the command cannot go
/// out (the bus is down, the send does not complete within <see cref="SendTimeout"/>, the gateway is shutting down) the
/// stream opens already ended with <c>service_unavailable</c>, which the endpoint answers with 503 + Retry-After.
/// A singleton, so it sends through the bus itself: MassTransit's <see cref="ISendEndpointProvider"/> and
/// <see cref="IPublishEndpoint"/> registrations are scoped.
/// </summary>
internal sealed class GenerationDispatcher(
    IBus bus,
    GenerationStreams streams,
    GenerationStreamListener listener,
    GenerationWatch watch,
    GenerationDrain drain,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<GenerationDispatcher> logger)
{
    /// <summary>How long a command may take to reach the broker before the request gets 503.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A new generation id, its deadline and where its output will arrive.</summary>
    public GenerationTicket NewTicket(
        CallerIdentity caller, string model, SamplingSettings sampling, bool streamDeltas, string endpoint, int priorityBoost = 0)
    {
        var now = time.GetUtcNow();
        return new GenerationTicket(NewId.NextGuid(), now, now + options.Value.RequestTimeout, listener.StreamAddress,
            caller, model, sampling, streamDeltas, endpoint, priorityBoost);
    }

    public Task<OpenGeneration> StartAsync(GenerationTicket ticket, CompleteCode command, CancellationToken cancellationToken) =>
        SendAsync(ticket, ServiceQueues.CodeCompletion, command, "cmpl-", cancellationToken);

    public Task<OpenGeneration> StartAsync(GenerationTicket ticket, CompleteChat command, CancellationToken cancellationToken) =>
        SendAsync(ticket, ServiceQueues.Chat, command, "chatcmpl-", cancellationToken, expectCitations: command.Context is not null);

    private async Task<OpenGeneration> SendAsync<TCommand>(
        GenerationTicket ticket, string queue, TCommand command, string idPrefix, CancellationToken cancellationToken, bool expectCitations = false)
        where TCommand : class
    {
        var stream = streams.Open(ticket.GenerationId, ticket.Model);
        if (expectCitations)
        {
            stream.ExpectCitations();
        }

        var generation = new OpenGeneration(stream, ticket.Model, ticket.AcceptedAt, this, idPrefix);
        if (drain.Draining)
        {
            stream.Fail(GenerationRejectionCodes.Unavailable, "The gateway is shutting down; retry the request.");
            return generation;
        }

        if (!watch.BusAvailable)
        {
            stream.Fail(GenerationRejectionCodes.Unavailable, "The gateway cannot reach the message bus; retry shortly.");
            return generation;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SendTimeout);
            var service = await bus.GetSendEndpoint(ServiceQueues.Address(queue));
            await service.SendTransient(command, timeout.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Could not send generation {GenerationId} to {Queue}.", ticket.GenerationId, queue);
            stream.Fail(GenerationRejectionCodes.Unavailable, "The gateway could not reach the message bus; retry shortly.");
        }
        catch
        {
            streams.Close(ticket.GenerationId);
            throw;
        }

        return generation;
    }

    internal Task CloseAsync(OpenGeneration generation)
    {
        streams.Close(generation.Stream.GenerationId);
        if (!generation.Ended || generation.Stream.EndedByGateway)
        {
            // The client left or the gateway gave up: let the worker free the sequence now, and drop any run of it
            // still queued. Not awaited: with the broker away a publish waits for it, and the answer must not.
            _ = CancelAsync(generation.Stream.GenerationId);
        }

        return Task.CompletedTask;
    }

    private async Task CancelAsync(Guid generationId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await bus.Publish(new CancelGeneration(generationId), timeout.Token);
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Could not publish the cancellation of generation {GenerationId}.", generationId);
        }
    }
}
