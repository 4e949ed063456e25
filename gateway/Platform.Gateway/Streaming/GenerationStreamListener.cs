using MassTransit;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Streaming;

/// <summary>
/// Receives workers' output and heartbeats on this instance's own bus endpoint (a temporary queue per gateway instance),
/// whose address every request carries as its stream address.
/// </summary>
internal sealed class GenerationStreamListener(IBus bus, GenerationStreams streams) : IHostedService
{
    private readonly List<ConnectHandle> _handles = [];

    public Uri StreamAddress => bus.Address;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Listen<GenerationDelta>(streams.Deliver);
        Listen<GenerationFinished>(streams.Deliver);
        Listen<GenerationRejected>(streams.Deliver);
        Listen<GenerationsAlive>(streams.Deliver);
        Listen<Platform.Contracts.Chat.ChatCitations>(streams.Deliver);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var handle in _handles)
        {
            handle.Disconnect();
        }

        _handles.Clear();
        return Task.CompletedTask;
    }

    private void Listen<T>(Action<T> deliver) where T : class =>
        _handles.Add(bus.ConnectHandler<T>(context =>
        {
            deliver(context.Message);
            return Task.CompletedTask;
        }));
}
