using System.Globalization;
using System.Text;

namespace Platform.Gateway.Benchmarks;

/// <summary>Every request of one open-loop run as CSV, in the order sent, and its garbage collections: enough to plot latency over time.</summary>
internal static class SampleFile
{
    public static async Task WriteAsync(string path, int rate, IReadOnlyList<RequestSample> samples)
    {
        var csv = new StringBuilder("sent_at_ms,status,end_to_end_ms,worker_ms,overhead_ms,queue_ms,send_lag_ms\n");
        for (var index = 0; index < samples.Count; index++)
        {
            var sample = samples[index];
            csv.AppendLine(CultureInfo.InvariantCulture,
                $"{index * 1000.0 / rate:F1},{sample.Status},{sample.EndToEndMs:F3},{sample.WorkerMs:F3},{sample.EndToEndMs - sample.WorkerMs:F3},{sample.QueueMs:F3},{sample.SendLagMs:F3}");
        }

        await File.WriteAllTextAsync(path, csv.ToString());
    }

    /// <summary>The run's garbage collections: when (ms from the run's start), which generation, how long it paused.</summary>
    public static async Task WriteCollectionsAsync(string path, IReadOnlyList<Collection> collections)
    {
        var csv = new StringBuilder("at_ms,generation,pause_ms,promoted_mb\n");
        foreach (var (atMs, generation, pauseMs, promotedMb) in collections)
        {
            csv.AppendLine(CultureInfo.InvariantCulture, $"{atMs:F1},{generation},{pauseMs:F2},{promotedMb:F2}");
        }

        await File.WriteAllTextAsync(path, csv.ToString());
    }

    /// <summary>Every bus hop of the run: when its message was sent (ms from the run's start), its type, how long it took to reach its consumer.</summary>
    public static async Task WriteHopsAsync(string path, DateTime runStartedAt, IEnumerable<BusHop> hops)
    {
        var csv = new StringBuilder("sent_at_ms,message,send_to_consume_ms\n");
        foreach (var (message, milliseconds, sentAt) in hops.OrderBy(hop => hop.SentAt))
        {
            csv.AppendLine(CultureInfo.InvariantCulture, $"{(sentAt - runStartedAt).TotalMilliseconds:F1},{message},{milliseconds:F3}");
        }

        await File.WriteAllTextAsync(path, csv.ToString());
    }
}
