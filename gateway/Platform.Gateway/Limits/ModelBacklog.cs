using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Limits;

/// <summary>
/// This gateway's view of each model's backlog: requests sent but not yet started on a worker (no first token).
/// When too many wait, or the oldest has waited too long, new requests get 503 with Retry-After instead of
/// queueing without bound.
/// </summary>
internal sealed class ModelBacklog(IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, WaitingRequests> _waiting = new(StringComparer.Ordinal);

    public void Waiting(string model, Guid generationId)
    {
        var waiting = Of(model);
        if (waiting.Since.TryAdd(generationId, time.GetUtcNow()))
        {
            Interlocked.Increment(ref waiting.Count);
        }
    }

    public void Started(string model, Guid generationId)
    {
        var waiting = Of(model);
        if (waiting.Since.TryRemove(generationId, out _))
        {
            Interlocked.Decrement(ref waiting.Count);
        }
    }

    public int Depth(string model) => Volatile.Read(ref Of(model).Count);

    /// <summary>How long to back off, or null when the model can take the request.</summary>
    public TimeSpan? RetryAfter(string model)
    {
        var waiting = Of(model);
        var settings = options.Value;
        var depth = Volatile.Read(ref waiting.Count);
        if (depth >= settings.MaxWaitingPerModel)
        {
            return TimeSpan.FromSeconds(2);
        }

        if (depth == 0)
        {
            return null;
        }

        // Enumerating takes no locks and tolerates entries leaving meanwhile (then there may be none at all).
        var oldest = DateTimeOffset.MaxValue;
        foreach (var entry in waiting.Since)
        {
            if (entry.Value < oldest)
            {
                oldest = entry.Value;
            }
        }

        return oldest != DateTimeOffset.MaxValue && time.GetUtcNow() - oldest > settings.MaxWaitTime ? settings.MaxWaitTime : null;
    }

    private WaitingRequests Of(string model) => _waiting.GetOrAdd(model, static _ => new WaitingRequests());

    /// <summary>One model's waiting requests; the count is kept apart because the dictionary's own takes every lock.</summary>
    private sealed class WaitingRequests
    {
        public readonly ConcurrentDictionary<Guid, DateTimeOffset> Since = new();
        public int Count;
    }
}
