using System.Collections.Concurrent;

namespace Platform.ModelWorker.Consumers;

/// <summary>
/// Cancellation tokens of the generations running on this worker. A cancel that arrives before its generation
/// (still queued) is remembered for a while so the generation is dropped when it arrives.
/// </summary>
internal sealed class GenerationCancellations(TimeProvider time)
{
    private static readonly TimeSpan RememberEarlyCancelsFor = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _early = new();

    /// <summary>Registers a generation; returns null when it was already cancelled.</summary>
    public CancellationTokenSource? Begin(Guid generationId, CancellationToken consumerToken)
    {
        if (_early.TryRemove(generationId, out _))
        {
            return null;
        }

        var source = CancellationTokenSource.CreateLinkedTokenSource(consumerToken);
        _running[generationId] = source;
        return source;
    }

    public void End(Guid generationId)
    {
        if (_running.TryRemove(generationId, out var source))
        {
            source.Dispose();
        }
    }

    public void Cancel(Guid generationId)
    {
        if (_running.TryGetValue(generationId, out var source))
        {
            source.Cancel();
            return;
        }

        var now = time.GetUtcNow();
        _early[generationId] = now;
        foreach (var (id, at) in _early)
        {
            if (now - at > RememberEarlyCancelsFor)
            {
                _early.TryRemove(id, out _);
            }
        }
    }
}
