using System.Text.Json.Nodes;
using Platform.Operations.Tests.Grafana;
using Platform.Operations.Tests.Prometheus;

namespace Platform.Operations.Tests.Live;

/// <summary>
/// Debian's Prometheus scrapes the running platform (the embedded topology, every service in one process) under a
/// little load and evaluates the platform's rules: every metric a rule or dashboard names exists, every rule
/// evaluates without error, every dashboard query runs. RabbitMQ's own metrics are not part of this platform
/// process; they are checked against the catalogue read from a real broker (MetricNameTests).
/// </summary>
public sealed class LiveMetricsTests(LiveMetricsTests.ScrapedPlatform stack) : IClassFixture<LiveMetricsTests.ScrapedPlatform>
{
    [PrometheusServerFact]
    public async Task Every_metric_a_rule_or_dashboard_names_is_scraped_from_the_running_platform()
    {
        var expected = stack.ExpectedNames;
        var scraped = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(45);
        do
        {
            scraped = (await stack.Prometheus.ApiAsync("/api/v1/label/__name__/values")).AsArray()
                .Select(name => (string)name!).ToHashSet(StringComparer.Ordinal);
            if (expected.IsSubsetOf(scraped))
            {
                break;
            }

            await Task.Delay(1000);
        }
        while (DateTime.UtcNow < deadline);

        Assert.True(expected.IsSubsetOf(scraped), "Named by a rule or dashboard but not scraped from the platform:\n"
            + string.Join("\n", expected.Except(scraped).Order(StringComparer.Ordinal)));
    }

    [PrometheusServerFact]
    public async Task Every_rule_evaluates_without_error()
    {
        JsonArray rules = [];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            rules = new JsonArray((await stack.Prometheus.ApiAsync("/api/v1/rules"))["groups"]!.AsArray()
                .SelectMany(group => group!["rules"]!.AsArray()).Select(rule => rule!.DeepClone()).ToArray());
            if (rules.All(rule => (string?)rule!["health"] != "unknown"))
            {
                break;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(RuleFiles.Rules().Count, rules.Count);
        var failing = rules.Where(rule => (string?)rule!["health"] != "ok")
            .Select(rule => $"{rule!["name"]}: {rule["health"]} {rule["lastError"]}").ToList();
        Assert.True(failing.Count == 0, "Rules that did not evaluate:\n" + string.Join("\n", failing));
    }

    [PrometheusServerFact]
    public async Task Every_dashboard_query_runs()
    {
        var failing = new List<string>();
        foreach (var (file, dashboard) in Dashboards.All())
        {
            foreach (var query in Dashboards.Queries(dashboard))
            {
                var expression = query.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$model", ".*", StringComparison.Ordinal);
                try
                {
                    await stack.Prometheus.QueryAsync(expression);
                }
                catch (InvalidOperationException error)
                {
                    failing.Add($"{file}: {error.Message}");
                }
            }
        }

        Assert.True(failing.Count == 0, string.Join("\n", failing));
    }

    /// <summary>The platform under load and a Prometheus scraping it, shared by the tests of this class.</summary>
    public sealed class ScrapedPlatform : IAsyncLifetime
    {
        private EmbeddedPlatform? _platform;
        private PrometheusServer? _prometheus;

        internal PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException(Promtool.MissingMessage);

        /// <summary>The series names the rules and dashboards read, less the recording rules' and the broker's.</summary>
        public HashSet<string> ExpectedNames { get; } = ExpectedSeries();

        public async Task InitializeAsync()
        {
            if (Promtool.Locate("prometheus") is null)
            {
                return; // The facts skip, or fail in CI, on their own.
            }

            _platform = await EmbeddedPlatform.StartAsync();
            // The rules' job names: the embedded process is the gateway (and every other service) at once.
            _prometheus = await PrometheusServer.StartAsync(RuleFiles.RulePaths, new Dictionary<string, Uri> { ["gateway"] = _platform.Address });
            await _prometheus.WaitForScrapesAsync(1);
            await _platform.LoadAsync();
            await _prometheus.WaitForScrapesAsync(2);
        }

        public async Task DisposeAsync()
        {
            if (_prometheus is not null)
            {
                await _prometheus.DisposeAsync();
            }

            if (_platform is not null)
            {
                await _platform.DisposeAsync();
            }
        }

        private static HashSet<string> ExpectedSeries()
        {
            var rules = RuleFiles.Rules();
            var recorded = rules.Where(rule => rule.Record is not null).Select(rule => rule.Record!).ToHashSet(StringComparer.Ordinal);
            return rules.Select(rule => rule.Expression)
                .Concat(Dashboards.All().Values.SelectMany(Dashboards.Queries))
                .SelectMany(PromQl.MetricNames)
                .Where(name => !recorded.Contains(name) && !name.StartsWith("rabbitmq_", StringComparison.Ordinal) && name != "ALERTS")
                .ToHashSet(StringComparer.Ordinal);
        }
    }
}
