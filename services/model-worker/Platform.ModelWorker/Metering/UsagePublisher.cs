using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Generation;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ModelWorker.Metering;

/// <summary>
/// Publishes the worker's usage events in groups (<see cref="GenerationUsageRecorded"/>), a group commit: generations
/// that finish while the previous group is being published, or within <see cref="Linger"/> of the first, share one
/// durable message. Each caller's task completes once the broker has confirmed its group, so a generation's
/// <see cref="Generate"/> command is acknowledged only after its usage is safe; a worker that dies first has its
/// commands redelivered, and metering, keyed by generation id, counts each generation once.
/// </summary>
public sealed class UsagePublisher(IConfirmedPublisher publisher) : BackgroundService
{
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
                await PublishAvailableAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Stops taking usage and publishes what is still queued. The bus stopped first, once its consumers (which wait
    /// on their groups) were done, so this is usually nothing; if the publish fails, the consumer waiting on it fails
    /// and its command comes back to another worker.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        await PublishAvailableAsync();
    }

    private async Task PublishAvailableAsync()
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

            try
            {
                await publisher.PublishAsync(new GenerationUsageRecorded { Generations = [.. group.Select(pending => pending.Completed)] }, CancellationToken.None);
                group.ForEach(pending => pending.Published.TrySetResult());
            }
            catch (Exception exception)
            {
                // The callers' consumers fail, so their commands are not acknowledged and come back: nothing is lost.
                group.ForEach(pending => pending.Published.TrySetException(exception));
            }
        }
    }

    private sealed record Pending(GenerationUsage Completed, TaskCompletionSource Published);
}
