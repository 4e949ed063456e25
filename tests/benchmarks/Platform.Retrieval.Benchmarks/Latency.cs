namespace Platform.Retrieval.Benchmarks;

internal sealed record LatencySummary(double p50_ms, double p95_ms);

internal static class Latency
{
    public static LatencySummary Of(IReadOnlyList<double> milliseconds) => new(Percentile(milliseconds, 0.5), Percentile(milliseconds, 0.95));

    /// <summary>The 1, 5 and 15 minute load averages, beside which every absolute time here must be read.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

    private static double Percentile(IReadOnlyList<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)(fraction * sorted.Count))], 2);
    }
}
