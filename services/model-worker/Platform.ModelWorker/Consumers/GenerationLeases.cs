using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Generation;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ModelWorker.Consumers;

/// <summary>
/// The attempts this worker is running, renewed every <see cref="ModelWorkerOptions.HeartbeatInterval"/> with one
/// <see cref="GenerationsAlive"/> per gateway instance waiting on them. A worker that dies stops renewing, and its
/// gateways end or retry the generation within a few seconds instead of waiting for the request timeout.
/// </summary>
internal sealed class GenerationLeases(
    IBus bus, IOptions<ModelWorkerOptions> options, TimeProvider time, ILogger<GenerationLeases> logger) : BackgroundService
{
    /// <summary>Names this worker in its heartbeats (logs and tests tell workers apart by it).</summary>
    public static readonly string WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}";

    private readonly ConcurrentDictionary<GenerationAttempt, Uri> _held = new();

    public int Count => _held.Count;

    /// <summary>Holds a lease on the attempt until the returned handle is disposed.</summary>
    public IDisposable Hold(Guid generationId, Guid attempt, Uri streamAddress)
    {
        var key = new GenerationAttempt(generationId, attempt);
        _held[key] = streamAddress;
        return new Lease(this, key);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RenewAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One heartbeat per gateway instance; a gateway that cannot be reached misses a beat, nothing more.</summary>
    internal async Task RenewAsync(CancellationToken cancellationToken)
    {
        foreach (var byGateway in _held.GroupBy(entry => entry.Value, entry => entry.Key))
        {
            try
            {
                // A send the broker does not take within a beat is dropped: the next beat says the same.
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                beat.CancelAfter(options.Value.HeartbeatInterval);
                var endpoint = await bus.GetSendEndpoint(byGateway.Key);
                await endpoint.SendTransient(new GenerationsAlive { WorkerId = WorkerId, Attempts = [.. byGateway] }, beat.Token);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug(exception, "Heartbeat to {Gateway} failed.", byGateway.Key);
            }
        }
    }

    private sealed class Lease(GenerationLeases leases, GenerationAttempt key) : IDisposable
    {
        public void Dispose() => leases._held.TryRemove(key, out _);
    }
}
