using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts.Chat;
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
    public Task<OpenGeneration> StartAsync(
        CompletionRequest request, string model, CallerIdentity caller, string endpoint, CancellationToken cancellationToken)
    {
        var ticket = NewTicket();
        var command = new CompleteCode
        {
            GenerationId = ticket.GenerationId,
            TenantId = caller.TenantId,
            ApiKeyId = caller.ApiKeyId,
            Model = model,
            Prefix = request.Prompt,
            Suffix = request.Suffix,
            Sampling = request.Sampling,
            StreamAddress = listener.StreamAddress,
            StreamDeltas = request.Stream,
            Deadline = ticket.Deadline,
            AcceptedAt = ticket.AcceptedAt,
            Endpoint = endpoint,
        };
        return SendAsync(ticket, model, ServiceQueues.CodeCompletion, command, "cmpl-", cancellationToken);
    }

    /// <summary>Starts a code completion whose command the caller built from a <see cref="NewTicket"/>.</summary>
    public Task<OpenGeneration> StartAsync(GenerationTicket ticket, CompleteCode command, CancellationToken cancellationToken) =>
        SendAsync(ticket, command.Model, ServiceQueues.CodeCompletion, command, "cmpl-", cancellationToken);

    /// <summary>Starts a chat completion whose command the caller built from a <see cref="NewTicket"/>.</summary>
    public Task<OpenGeneration> StartAsync(GenerationTicket ticket, CompleteChat command, CancellationToken cancellationToken) =>
        SendAsync(ticket, command.Model, ServiceQueues.Chat, command, "chatcmpl-", cancellationToken);

    /// <summary>A new generation id, its deadline and where its output will arrive.</summary>
    public GenerationTicket NewTicket()
    {
        var now = time.GetUtcNow();
        return new GenerationTicket(NewId.NextGuid(), now, now + options.Value.RequestTimeout, listener.StreamAddress);
    }

    private async Task<OpenGeneration> SendAsync<TCommand>(
        GenerationTicket ticket, string model, string queue, TCommand command, string idPrefix, CancellationToken cancellationToken)
        where TCommand : class
    {
        var stream = streams.Open(ticket.GenerationId, model);
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

        return new OpenGeneration(stream, model, ticket.AcceptedAt, this, idPrefix);
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
internal sealed class OpenGeneration(
    GenerationStream stream, string model, DateTimeOffset createdAt, CompletionDispatcher dispatcher, string idPrefix = "cmpl-")
    : IAsyncDisposable
{
    public GenerationStream Stream { get; } = stream;
    public string Model { get; } = model;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string CompletionId { get; } = $"{idPrefix}{stream.GenerationId:N}";

    /// <summary>Set once a finish or rejection has been read: nothing is left to cancel.</summary>
    public bool Ended { get; set; }

    public ValueTask DisposeAsync() => new(dispatcher.CloseAsync(this));
}

/// <summary>Identity and timing of a generation about to start.</summary>
internal sealed record GenerationTicket(Guid GenerationId, DateTimeOffset AcceptedAt, DateTimeOffset Deadline, Uri StreamAddress);
