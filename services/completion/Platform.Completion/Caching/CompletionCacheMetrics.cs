using System.Diagnostics.Metrics;

namespace Platform.Completion.Caching;

/// <summary>
/// How editors' completions were answered: <c>platform_completion_cache_lookups_total{result}</c> with result
/// <c>exact</c>, <c>typing_ahead</c> or <c>miss</c> (the hit rate is the hits over all), and how many model
/// generations a newer request superseded.
/// </summary>
internal sealed class CompletionCacheMetrics
{
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _superseded;

    public CompletionCacheMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Consumers.CompletionEventMetrics.MeterName);
        _lookups = meter.CreateCounter<long>("platform.completion.cache.lookups", "{lookup}",
            "Editor completion requests by how they were answered: exact (cache), typing_ahead (rest of an earlier completion) or miss (model).");
        _superseded = meter.CreateCounter<long>("platform.completion.superseded", "{generation}",
            "Model generations cancelled because a newer request for the same document arrived.");
    }

    public void Lookup(CacheHit? hit) => _lookups.Add(1, new KeyValuePair<string, object?>("result", hit switch
    {
        CacheHit.Exact => "exact",
        CacheHit.TypingAhead => "typing_ahead",
        _ => "miss",
    }));

    public void Superseded() => _superseded.Add(1);
}
