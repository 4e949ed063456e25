using System.Globalization;
using System.Text;

namespace Platform.CapacitySimulator;

/// <summary>The simulator's tables, as Markdown (quoted in docs/capacity.md).</summary>
public static class Report
{
    public static string Day(DayResult day, int everyHours)
    {
        var text = new StringBuilder()
            .AppendLine(Invariant($"### {day.Developers:N0} developers (peak {day.PeakRequestsPerSecond:0.#} completions/s)"))
            .AppendLine()
            .AppendLine("| hour | completions/s | gateways | workers | queue wait p95 (s) | latency p95 (s) | refused |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var hour in day.Hours.Where(hour => hour.Hour % everyHours == 0))
        {
            text.AppendLine(Invariant($"| {hour.Hour:00}:00 | {hour.RequestsPerSecond:0.#} | {hour.Gateways} | {hour.Workers} | {hour.WaitP95Seconds:0.0} | {hour.LatencyP95Seconds:0.0} | {hour.RefusedShare:P1} |"));
        }

        return text.AppendLine()
            .AppendLine(Invariant($"Day: peak {day.PeakWorkers} workers, {day.WorkerHours:0} worker-hours, peak {day.PeakGateways} gateways, queue wait p95 {day.WaitP95Seconds:0.0} s, latency p95 {day.LatencyP95Seconds:0.0} s, {day.RefusedShare:P2} refused after waiting 15 s."))
            .ToString();
    }

    public static string Sweep(int developers, IReadOnlyList<(int QueueLength, DayResult Day)> runs)
    {
        var text = new StringBuilder()
            .AppendLine(Invariant($"### Per-replica target (queueLength) at {developers:N0} developers"))
            .AppendLine()
            .AppendLine("| queueLength | worker-hours | peak workers | queue wait p95 (s) | latency p95 (s) | refused |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var (queueLength, day) in runs)
        {
            text.AppendLine(Invariant($"| {queueLength} | {day.WorkerHours:0} | {day.PeakWorkers} | {day.WaitP95Seconds:0.0} | {day.LatencyP95Seconds:0.0} | {day.RefusedShare:P2} |"));
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
