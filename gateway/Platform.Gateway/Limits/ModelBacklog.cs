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
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, DateTimeOffset>> _waiting = new(StringComparer.Ordinal);

    public void Waiting(string model, Guid generationId) => Of(model)[generationId] = time.GetUtcNow();

    public void Started(string model, Guid generationId) => Of(model).TryRemove(generationId, out _);

    public int Depth(string model) => Of(model).Count;

    /// <summary>How long to back off, or null when the model can take the request.</summary>
    public TimeSpan? RetryAfter(string model)
    {
        var waiting = Of(model);
        var settings = options.Value;
        if (waiting.Count >= settings.MaxWaitingPerModel)
        {
            return TimeSpan.FromSeconds(2);
        }

        if (waiting.IsEmpty)
        {
            return null;
        }

        var oldest = time.GetUtcNow() - waiting.Values.Min();
        return oldest > settings.MaxWaitTime ? settings.MaxWaitTime : null;
    }

    private ConcurrentDictionary<Guid, DateTimeOffset> Of(string model) => _waiting.GetOrAdd(model, _ => new());
}
