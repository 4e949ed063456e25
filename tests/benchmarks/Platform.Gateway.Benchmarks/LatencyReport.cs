using System.Globalization;
using System.Text.Json.Serialization;

namespace Platform.Gateway.Benchmarks;

/// <summary>p50/p90/p99/max of one latency measure, in milliseconds.</summary>
internal sealed record LatencySummary(
    [property: JsonPropertyName("p50_ms")] double P50,
    [property: JsonPropertyName("p90_ms")] double P90,
    [property: JsonPropertyName("p99_ms")] double P99,
    [property: JsonPropertyName("max_ms")] double Max)
{
    public static LatencySummary Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        // Nearest-rank percentiles: the value at or below which that share of requests fall.
        double At(double quantile) => sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(Round(At(0.50)), Round(At(0.90)), Round(At(0.99)), Round(sorted[^1]));
    }

    private static double Round(double value) => Math.Round(value, 3);
}

/// <summary>What one rate in one worker mode measured.</summary>
internal sealed record RateResult(
    [property: JsonPropertyName("target_rps")] int TargetRate,
    [property: JsonPropertyName("achieved_rps")] double AchievedRate,
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("errors")] int Errors,
    [property: JsonPropertyName("errors_by_status")] IReadOnlyDictionary<string, int> ErrorsByStatus,
    [property: JsonPropertyName("overhead")] LatencySummary Overhead,
    [property: JsonPropertyName("end_to_end")] LatencySummary EndToEnd,
    [property: JsonPropertyName("worker")] LatencySummary Worker,
    [property: JsonPropertyName("queue_wait")] LatencySummary QueueWait,
    [property: JsonPropertyName("send_lag")] LatencySummary SendLag,
    [property: JsonPropertyName("bus_hops")] IReadOnlyDictionary<string, LatencySummary> BusHops,
    [property: JsonPropertyName("process_cpu_ms_per_request")] double CpuPerRequest,
    [property: JsonPropertyName("process")] ProcessCost Process,
    [property: JsonPropertyName("gc_promoted_mb")] double PromotedMb,
    [property: JsonPropertyName("meets_target")] bool MeetsTarget)
{
    /// <summary>The broker's own round trips over the same seconds, from a separate process (<see cref="Benchmarks.BrokerProbe"/>).</summary>
    [JsonPropertyName("broker_probe")]
    public BrokerProbeResult? BrokerProbe { get; init; }

    public const double TargetP50Ms = 3;
    public const double TargetP99Ms = 15;

    /// <param name="hops">Send-to-consume times of the run's bus messages (<see cref="BusHopTimes"/>).</param>
    /// <param name="collections">The run's garbage collections (<see cref="GcTimeline"/>).</param>
    public static RateResult From(int rate, LoadRun run, IEnumerable<BusHop> hops, IEnumerable<Collection> collections)
    {
        var samples = run.Samples;
        var answered = samples.Where(sample => sample.Succeeded).ToArray();
        var overhead = LatencySummary.Of(answered.Select(sample => sample.EndToEndMs - sample.WorkerMs));
        var errors = samples.Length - answered.Length;
        return new RateResult(
            rate,
            Math.Round(samples.Length / run.ElapsedSeconds, 1),
            samples.Length,
            errors,
            samples.Where(sample => !sample.Succeeded)
                .GroupBy(sample => sample.Status == 0 ? "no_answer" : sample.Status.ToString(CultureInfo.InvariantCulture))
                .ToDictionary(group => group.Key, group => group.Count()),
            overhead,
            LatencySummary.Of(answered.Select(sample => sample.EndToEndMs)),
            LatencySummary.Of(answered.Select(sample => sample.WorkerMs)),
            LatencySummary.Of(answered.Select(sample => sample.QueueMs)),
            LatencySummary.Of(samples.Select(sample => sample.SendLagMs)),
            BusHopTimes.Summarise(hops),
            Math.Round(run.Cost.CpuMs / samples.Length, 3),
            run.Cost,
            Math.Round(collections.Sum(collection => collection.PromotedMb), 1),
            errors == 0 && overhead.P50 <= TargetP50Ms && overhead.P99 <= TargetP99Ms);
    }
}

/// <summary>All rates of one worker mode.</summary>
internal sealed record ModeResult(
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("sequential")] RateResult Sequential,
    [property: JsonPropertyName("rates")] IReadOnlyList<RateResult> Rates);
