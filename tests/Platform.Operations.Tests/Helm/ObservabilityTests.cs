namespace Platform.Operations.Tests.Helm;

/// <summary>The chart's optional ServiceMonitor, PrometheusRule and dashboards carry the same files as the compose stack.</summary>
public sealed class ObservabilityTests
{
    [Theory]
    [InlineData("infra/prometheus/rules", "helm/platform/files/prometheus/rules", "*.yml")]
    [InlineData("infra/grafana/dashboards", "helm/platform/files/dashboards", "*.json")]
    public void The_chart_carries_the_same_files_as_infra(string infra, string chart, string pattern)
    {
        var expected = Repository.Files(infra, pattern);
        var copies = Repository.Files(chart, pattern);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(Path.GetFileName), copies.Select(Path.GetFileName));
        foreach (var (source, copy) in expected.Zip(copies))
        {
            Assert.True(Repository.Read(source) == Repository.Read(copy), $"{copy} differs from {source}: copy it again");
        }
    }

    [Fact]
    public void The_prometheus_rule_and_dashboards_come_from_the_chart_files()
    {
        var rule = Chart.Template("prometheusrule.yaml");
        Assert.Contains("kind: PrometheusRule", rule, StringComparison.Ordinal);
        Assert.Contains(".Files.Glob \"files/prometheus/rules/*.yml\"", rule, StringComparison.Ordinal);
        Assert.Contains("{{- if .Values.metrics.prometheusRule.enabled }}", rule, StringComparison.Ordinal);

        var dashboards = Chart.Template("dashboards-configmap.yaml");
        Assert.Contains(".Files.Glob \"files/dashboards/*.json\"", dashboards, StringComparison.Ordinal);
        Assert.Equal("1", (string?)Chart.Values()["grafana"]!["dashboards"]!["labels"]!["grafana_dashboard"]);
    }

    /// <summary>The rules name jobs gateway, completion, chat and model-worker: the ServiceMonitor's job is the component label.</summary>
    [Fact]
    public void The_service_monitor_scrapes_the_management_port_as_one_job_per_component()
    {
        var monitor = Chart.Template("servicemonitor.yaml");
        Assert.Contains("jobLabel: app.kubernetes.io/component", monitor, StringComparison.Ordinal);
        Assert.Contains("- port: management\n      path: /metrics", monitor, StringComparison.Ordinal);
        Assert.Contains("platform/endpoint: management", monitor, StringComparison.Ordinal);

        var services = Chart.Template("management-services.yaml");
        Assert.Contains("list \"gateway\" \"completion\" \"chat\" \"model-worker\"", services, StringComparison.Ordinal);
        Assert.Contains("platform/endpoint: management", services, StringComparison.Ordinal);
        Assert.Contains("targetPort: management", services, StringComparison.Ordinal);
        Assert.DoesNotContain("targetPort: http", services, StringComparison.Ordinal);
    }
}
