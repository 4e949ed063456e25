using MassTransit;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Streaming;

/// <summary>
/// Receives workers' output on this instance's own bus endpoint (a temporary queue per gateway instance), whose
/// address every request carries as its stream address.
/// </summary>
internal sealed class GenerationStreamListener(IBus bus, GenerationStreams streams) : IHostedService
{
    private readonly List<ConnectHandle> _handles = [];

    public Uri StreamAddress => bus.Address;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _handles.Add(bus.ConnectHandler<GenerationDelta>(context =>
        {
            streams.Deliver(context.Message);
            return Task.CompletedTask;
        }));
        _handles.Add(bus.ConnectHandler<GenerationFinished>(context =>
        {
            streams.Deliver(context.Message);
            return Task.CompletedTask;
        }));
        _handles.Add(bus.ConnectHandler<GenerationRejected>(context =>
        {
            streams.Deliver(context.Message);
            return Task.CompletedTask;
        }));
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
}
