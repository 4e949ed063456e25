using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Platform.AdminConsole.Gateway;

/// <summary>
/// The model workers' engine metrics, read from their Prometheus endpoints (<c>AdminConsole:MetricsUrls</c>; this
/// process's <c>/metrics</c> when embedded): per model, requests running and waiting in the engine, KV-cache use,
/// mean time to first token, and how many endpoints report the model (workers online).
/// </summary>
public sealed partial class FleetMetrics(IHttpClientFactory clients, IOptions<AdminConsoleOptions> options, GatewayAddress gateway)
{
    public const string HttpClientName = "fleet-metrics";
    private const string Prefix = "platform_engine_";

    public async Task<EngineSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var urls = options.Value.MetricsUrls.Count > 0
            ? options.Value.MetricsUrls
            : [new Uri(gateway.Root, "metrics").ToString()];
        var models = new Dictionary<string, EngineModel>(StringComparer.Ordinal);
        var failures = new List<string>();
        var http = clients.CreateClient(HttpClientName);
        foreach (var url in urls)
        {
            string text;
            try
            {
                text = await http.GetStringAsync(url, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"{url}: {exception.Message}");
                continue;
            }

            foreach (var sample in Parse(text).GroupBy(s => s.Model))
            {
                var model = sample.Key;
                var values = sample.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);
                var current = models.GetValueOrDefault(model) ?? new EngineModel(model, 0, 0, 0, 0, 0, 0);
                models[model] = current with
                {
                    Workers = current.Workers + 1,
                    Running = current.Running + (int)values.GetValueOrDefault("num_requests_running"),
                    Waiting = current.Waiting + (int)values.GetValueOrDefault("num_requests_waiting"),
                    KvCacheUsageSum = current.KvCacheUsageSum + values.Where(v => v.Key.StartsWith("kv_cache_usage_perc", StringComparison.Ordinal)).Sum(v => v.Value),
                    TimeToFirstTokenSeconds = current.TimeToFirstTokenSeconds + values.GetValueOrDefault("time_to_first_token_seconds_sum"),
                    TimeToFirstTokenCount = current.TimeToFirstTokenCount + values.GetValueOrDefault("time_to_first_token_seconds_count"),
                };
            }
        }

        return new EngineSnapshot(models.Values.OrderBy(m => m.Model, StringComparer.Ordinal).ToList(), failures);
    }

    /// <summary>Engine samples from Prometheus text: the name after the prefix, the model label, the value.</summary>
    internal static IEnumerable<(string Name, string Model, double Value)> Parse(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var match = Sample().Match(line);
            if (!match.Success || match.Groups["labels"].Value.Contains("le=\"", StringComparison.Ordinal))
            {
                continue;
            }

            var model = Model().Match(match.Groups["labels"].Value);
            if (model.Success && double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                yield return (match.Groups["name"].Value[Prefix.Length..], model.Groups[1].Value, value);
            }
        }
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>[^}]*)\}\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex("(?:^|,)model=\"([^\"]*)\"")]
    private static partial Regex Model();
}

public sealed record EngineSnapshot(List<EngineModel> Models, List<string> Failures);

public sealed record EngineModel(
    string Model, int Workers, int Running, int Waiting, double KvCacheUsageSum, double TimeToFirstTokenSeconds, double TimeToFirstTokenCount)
{
    /// <summary>Mean over the workers, 0 to 1.</summary>
    public double KvCacheUsage => Workers == 0 ? 0 : KvCacheUsageSum / Workers;

    /// <summary>Mean since the workers started, in milliseconds; null before the first token.</summary>
    public double? MeanTimeToFirstTokenMs => TimeToFirstTokenCount == 0 ? null : TimeToFirstTokenSeconds / TimeToFirstTokenCount * 1000;
}
