using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Streaming;

/// <summary>
/// Graceful shutdown of the streams: from SIGTERM the server accepts no new connections, new generations are refused
/// with 503 and readiness fails, while the generations in flight may finish until shortly before the host's shutdown
/// timeout (<c>shutdownTimeoutSeconds</c>); those still open then end with an error event and <c>[DONE]</c> (503 if
/// they had not begun), instead of being cut off when the server stops.
/// </summary>
internal sealed class GenerationDrain(
    GenerationStreams streams, IHostApplicationLifetime lifetime, IOptions<HostOptions> host, TimeProvider time,
    ILogger<GenerationDrain> logger) : IHostedService, IHealthCheck
{
    /// <summary>Kept free at the end of the shutdown timeout to write the endings and close the connections.</summary>
    public static readonly TimeSpan EndingTime = TimeSpan.FromSeconds(3);

    private CancellationTokenRegistration _stopping;
    private ITimer? _deadline;

    public bool Draining { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(Begin);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Whatever is still open when the host stops its services ends now.
        End();
        return Task.CompletedTask;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Draining
            ? HealthCheckResult.Unhealthy($"Shutting down: draining {streams.OpenCount} generations.")
            : HealthCheckResult.Healthy());

    internal void Begin()
    {
        Draining = true;
        var grace = host.Value.ShutdownTimeout - EndingTime;
        if (grace < TimeSpan.FromSeconds(1))
        {
            grace = TimeSpan.FromSeconds(1);
        }

        logger.LogInformation("Shutting down: {Count} generations may finish within {Grace}.", streams.OpenCount, grace);
        _deadline = time.CreateTimer(_ => End(), null, grace, Timeout.InfiniteTimeSpan);
    }

    private void End()
    {
        var ended = streams.FailAll(GenerationRejectionCodes.Unavailable, "The gateway is shutting down; retry the request.");
        if (ended > 0)
        {
            logger.LogWarning("Shutting down: ended {Count} generations still open after the grace period.", ended);
        }

        _stopping.Dispose();
        _deadline?.Dispose();
    }
}
