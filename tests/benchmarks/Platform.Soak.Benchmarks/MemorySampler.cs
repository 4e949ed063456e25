using System.Globalization;
using Platform.FaultTests.Infrastructure;

namespace Platform.Soak.Benchmarks;

/// <summary>Resident memory of each host process (VmRSS from /proc), sampled at a fixed period.</summary>
internal sealed class MemorySampler
{
    private readonly Dictionary<string, List<(double Minutes, double Megabytes)>> _samples = [];

    public IReadOnlyDictionary<string, List<(double Minutes, double Megabytes)>> Samples => _samples;

    public void Sample(IEnumerable<HostProcess> hosts, TimeSpan sinceStart)
    {
        foreach (var host in hosts)
        {
            if (ResidentMegabytes(host.Id) is { } megabytes)
            {
                if (!_samples.TryGetValue(host.Name, out var series))
                {
                    _samples[host.Name] = series = [];
                }

                series.Add((sinceStart.TotalMinutes, megabytes));
            }
        }
    }

    /// <summary>Least-squares slope in MB per minute of the samples taken after <paramref name="warmUp"/>.</summary>
    public static double Slope(IEnumerable<(double Minutes, double Megabytes)> series, TimeSpan warmUp)
    {
        var points = series.Where(point => point.Minutes >= warmUp.TotalMinutes).ToList();
        if (points.Count < 2)
        {
            return 0;
        }

        var meanX = points.Average(point => point.Minutes);
        var meanY = points.Average(point => point.Megabytes);
        var covariance = points.Sum(point => (point.Minutes - meanX) * (point.Megabytes - meanY));
        var variance = points.Sum(point => (point.Minutes - meanX) * (point.Minutes - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }

    private static double? ResidentMegabytes(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = double.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kilobytes / 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
