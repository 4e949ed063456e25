using Platform.Operations.Tests.Grafana;

namespace Platform.Operations.Tests.Prometheus;

/// <summary>No rule, rule test or dashboard reads a metric the platform does not export.</summary>
public sealed class MetricNameTests
{
    [Fact]
    public void The_platform_instruments_are_read_from_the_code_with_the_exporters_names()
    {
        var families = MetricCatalogue.FromCode();

        Assert.Equal("gauge", families["platform_engine_kv_cache_usage_perc"]);
        Assert.Equal("gauge", families["platform_engine_num_requests_waiting"]);
        Assert.Equal("counter", families["platform_engine_num_preemptions_total"]);
        Assert.Equal("counter", families["platform_engine_generation_tokens_total"]);
        Assert.Equal("histogram", families["platform_engine_time_to_first_token_seconds"]);
        Assert.Equal("histogram", families["platform_engine_iteration_tokens_total"]);
        Assert.Equal("counter", families["platform_completion_events_total"]);
        Assert.Equal(("http_server_request_duration_seconds", "histogram"), MetricCatalogue.PrometheusName("http.server.request.duration", "s", "Histogram"));
        Assert.Equal(("messaging_masstransit_delivery_duration_milliseconds", "histogram"), MetricCatalogue.PrometheusName("messaging.masstransit.delivery.duration", "ms", "Histogram"));
    }

    [Fact]
    public void The_catalogue_lists_only_what_the_code_cannot_tell()
    {
        var catalogue = MetricCatalogue.FromCatalogue();

        Assert.DoesNotContain(catalogue.Keys, name => name.StartsWith("platform_", StringComparison.Ordinal));
        Assert.All(catalogue.Values, type => Assert.Contains(type, new[] { "counter", "gauge", "histogram", "summary", "untyped" }));
        Assert.Equal("histogram", catalogue["http_server_request_duration_seconds"]);
        Assert.Equal("histogram", catalogue["messaging_masstransit_delivery_duration_milliseconds"]);
        Assert.Equal("gauge", catalogue["rabbitmq_detailed_queue_messages_ready"]);
    }

    [Fact]
    public void Every_metric_a_rule_reads_is_exported()
    {
        var rules = RuleFiles.Rules();
        var recorded = rules.Where(rule => rule.Record is not null).Select(rule => rule.Record!).ToHashSet(StringComparer.Ordinal);

        AssertExported(rules.Select(rule => (Where: $"{rule.File} {rule.Alert ?? rule.Record}", rule.Expression)), recorded);
    }

    [Fact]
    public void Every_series_a_rule_test_feeds_is_exported()
    {
        var series = RuleFiles.TestPaths.SelectMany(path => Yaml.Load(Repository.Read(path)).Get("tests").Items()
            .SelectMany(test => test.Get("input_series").Items()
                .Select(input => (Where: $"{path} {test.Get("name").Text()}", Expression: input.Get("series").Text()!))));

        AssertExported(series, new HashSet<string>(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_metric_a_dashboard_reads_is_exported()
    {
        var recorded = RuleFiles.Rules().Where(rule => rule.Record is not null).Select(rule => rule.Record!).ToHashSet(StringComparer.Ordinal);
        var queries = Dashboards.All().SelectMany(entry => Dashboards.Queries(entry.Value).Select(query => (Where: entry.Key, Expression: query)));

        AssertExported(queries, recorded);
    }

    /// <summary>The check can fail: a misspelt family and a histogram suffix on a counter are both caught.</summary>
    [Theory]
    [InlineData("rate(platform_engine_num_preemption_total[5m])", "platform_engine_num_preemption_total")]
    [InlineData("sum by (model) (rate(platform_engine_generation_tokens_total_bucket{model=\"a\"}[5m]))", "platform_engine_generation_tokens_total_bucket")]
    [InlineData("time() - rabbitmq_queue_head_message_age_seconds{queue=~\"model-.+\"} > 0", "rabbitmq_queue_head_message_age_seconds")]
    public void An_unknown_metric_is_reported(string expression, string unknown)
    {
        Assert.Equal([unknown], PromQl.MetricNames(expression).Except(MetricCatalogue.ExportedSeries()).ToArray());
    }

    private static void AssertExported(IEnumerable<(string Where, string Expression)> expressions, HashSet<string> recorded)
    {
        var exported = MetricCatalogue.ExportedSeries();
        var unknown = expressions
            .SelectMany(entry => PromQl.MetricNames(entry.Expression).Select(name => (entry.Where, Name: name)))
            .Where(use => !exported.Contains(use.Name) && !recorded.Contains(use.Name))
            .Select(use => $"{use.Where}: {use.Name}")
            .Distinct()
            .ToList();

        Assert.True(unknown.Count == 0, "Not exported by the platform:\n" + string.Join("\n", unknown));
    }
}
