using System.Diagnostics;
using Platform.Retrieval.Index;
using Platform.Retrieval.Search;

namespace Platform.Retrieval.Benchmarks;

/// <summary>
/// Code completion's retrieval: the 15 lines up to a definition's first line, as an editor's prefix would be, top 5 —
/// through the completion fast path and, for comparison on the same windows, through the full fused search.
/// </summary>
internal static class CompletionRun
{
    public static object Measure(CodeSearcher searcher, string tenant, IReadOnlyList<DocQuery> queries, IReadOnlyDictionary<string, string[]> texts)
    {
        var windows = queries.Select(query =>
        {
            var lines = texts[query.Path];
            var start = Math.Max(0, query.DefinitionLine - 15);
            return string.Join('\n', lines[start..Math.Min(lines.Length, query.DefinitionLine)]);
        }).ToList();

        searcher.SearchForCompletion(tenant, "warm up", ChunkFilter.All, 5);
        var fast = new List<double>();
        var found = 0;
        foreach (var window in windows)
        {
            var started = Stopwatch.GetTimestamp();
            var hits = searcher.SearchForCompletion(tenant, window, ChunkFilter.All, 5);
            fast.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            found += hits.Count > 0 ? 1 : 0;
        }

        var full = new List<double>();
        foreach (var window in windows)
        {
            var started = Stopwatch.GetTimestamp();
            searcher.Search(tenant, window, ChunkFilter.All, 5);
            full.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var fastLatency = Latency.Of(fast);
        var fullLatency = Latency.Of(full);
        return new
        {
            windows = windows.Count,
            windows_with_hits = found,
            fast_path = fastLatency,
            full_fused_search = fullLatency,
            p50_ratio = fastLatency.p50_ms > 0 ? Math.Round(fullLatency.p50_ms / fastLatency.p50_ms, 1) : 0,
        };
    }
}
