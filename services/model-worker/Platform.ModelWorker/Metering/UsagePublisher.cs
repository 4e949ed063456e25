using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Generation;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ModelWorker.Metering;

/// <summary>
/// Publishes the worker's usage events in groups (<see cref="GenerationUsageRecorded"/>), a group commit: generations
/// that finish while the previous group is being published, or within <see cref="Linger"/> of the first, share one
/// durable message. Each caller's task completes once the broker has confirmed its group, so a generation's
/// <see cref="Generate"/> command is acknowledged only after its usage is safe; a worker that dies first has its
/// commands redelivered, and metering, keyed by generation id, counts each generation once. A publish that fails (the
/// broker is away) is retried with a growing wait, at most <see cref="LongestRetryWait"/> apart, for as long as the
/// worker runs: its commands stay unacknowledged meanwhile, none is parked in an error queue.
/// </summary>
public sealed class UsagePublisher(IConfirmedPublisher publisher, ILogger<UsagePublisher>? logger = null) : BackgroundService
{
    /// <summary>The longest wait between two tries of a group's publish.</summary>
    public static readonly TimeSpan LongestRetryWait = TimeSpan.FromSeconds(5);

    /// <summary>Most generations in one message.</summary>
    public const int MaxGroup = 128;

    /// <summary>How long the first generation of a group waits for others: the longest it holds its command unacknowledged.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(10);

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    /// <summary>Queues one generation's usage; completes when the group holding it is published and confirmed.</summary>
    public Task RecordAsync(GenerationUsage completed)
    {
        var pending = new Pending(completed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The worker is shutting down; its usage can no longer be published.");
        }

        return pending.Published.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(Linger, stoppingToken);
                await PublishAvailableAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Stops taking usage and publishes what is still queued, retrying until the host's shutdown time runs out. The bus
    /// stopped first, once its consumers (which wait on their groups) were done or handed their commands back, so this
    /// is usually nothing; a group that still cannot be published fails its callers, whose commands come back.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        await PublishAvailableAsync(cancellationToken);
    }

    private async Task PublishAvailableAsync(CancellationToken giveUp)
    {
        while (true)
        {
            var group = new List<Pending>(MaxGroup);
            while (group.Count < MaxGroup && _pending.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            if (group.Count == 0)
            {
                return;
            }

            var message = new GenerationUsageRecorded { Generations = [.. group.Select(pending => pending.Completed)] };
            for (var wait = TimeSpan.FromMilliseconds(100); ; wait = Min(wait * 2, LongestRetryWait))
            {
                try
                {
                    await publisher.PublishAsync(message, giveUp);
                    group.ForEach(pending => pending.Published.TrySetResult());
                    break;
                }
                catch (Exception exception) when (!giveUp.IsCancellationRequested)
                {
                    logger?.LogWarning(exception, "Could not publish the usage of {Count} generations; retrying in {Wait}.", group.Count, wait);
                    try
                    {
                        await Task.Delay(wait, giveUp);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
                catch (Exception exception)
                {
                    // The callers' consumers give their commands back unacknowledged: nothing is lost.
                    group.ForEach(pending => pending.Published.TrySetException(exception));
                    break;
                }
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed record Pending(GenerationUsage Completed, TaskCompletionSource Published);
}
