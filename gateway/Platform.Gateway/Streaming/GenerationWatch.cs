using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Streaming;

/// <summary>
/// Watches the generations this gateway waits on, a few times a second: a running one whose worker's lease lapsed
/// (<see cref="GatewayOptions.WorkerLeaseTimeout"/>) is retried or ended (<see cref="GenerationStream"/>), and while the
/// bus is down every open one is ended with 503, since its output can no longer arrive (the broker drops this
/// instance's temporary queue and the non-persistent messages with it).
/// </summary>
internal sealed class GenerationWatch(
    GenerationStreams streams, IBusControl bus, IOptions<GatewayOptions> options, ILogger<GenerationWatch> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private volatile bool _busAvailable = true;

    /// <summary>Whether the bus was connected at the last look (new generations are refused with 503 when not).</summary>
    public bool BusAvailable => _busAvailable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal void Check()
    {
        var available = bus.CheckHealth().Status != BusHealthStatus.Unhealthy;
        if (available != _busAvailable)
        {
            if (available)
            {
                logger.LogWarning("The bus is back.");
            }
            else
            {
                logger.LogWarning("The bus is unavailable: open generations end with 503.");
            }

            _busAvailable = available;
        }

        if (!available)
        {
            streams.FailAll(GenerationRejectionCodes.Unavailable, "The gateway lost its connection to the message bus; retry shortly.");
            return;
        }

        var lost = streams.CheckLeases(options.Value.WorkerLeaseTimeout);
        if (lost > 0)
        {
            logger.LogWarning("{Count} generations lost their model worker's lease.", lost);
        }
    }
}
