using System.Text.Json.Nodes;

namespace Platform.Operations.Tests.Grafana;

/// <summary>The gateway, engine and bus dashboards are provisioned with the compose stack's data source.</summary>
public sealed class DashboardTests
{
    [Fact]
    public void The_gateway_engine_and_bus_dashboards_exist_with_distinct_uids()
    {
        var dashboards = Dashboards.All();

        Assert.Equal(["platform-bus.json", "platform-engine.json", "platform-gateway.json"], dashboards.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(dashboards.Count, dashboards.Values.Select(dashboard => (string?)dashboard["uid"]).Distinct().Count());
    }

    [Fact]
    public void Every_panel_queries_the_provisioned_data_source()
    {
        var source = Yaml.Load(Repository.Read("infra/grafana/provisioning/datasources/prometheus.yml"));
        var uid = source.Get("datasources").Items()[0].Get("uid").Text();

        foreach (var (file, dashboard) in Dashboards.All())
        {
            foreach (var panel in dashboard["panels"]!.AsArray().Where(panel => (string?)panel!["type"] != "text"))
            {
                Assert.Equal(uid, (string?)panel!["datasource"]!["uid"]);
                var targets = panel["targets"]!.AsArray();
                Assert.True(targets.Count > 0, $"{file}: panel {panel["title"]} has no query");
                Assert.All(targets, target => Assert.False(string.IsNullOrWhiteSpace((string?)target!["expr"])));
            }
        }
    }

    /// <summary>Each dashboard shows what the issue asks of it.</summary>
    [Theory]
    [InlineData("platform-gateway.json", "http_server_request_duration_seconds_count", "http_response_status_code=~\"4..|5..\"", "histogram_quantile")]
    [InlineData("platform-engine.json", "platform_engine_num_requests_running", "platform_engine_num_requests_waiting", "platform_engine_kv_cache_usage_perc",
        "platform_engine_time_to_first_token_seconds_bucket", "platform_engine_inter_token_latency_seconds_bucket", "platform_engine_generation_tokens_total",
        "platform_engine_prefix_cache_hits_total")]
    [InlineData("platform-bus.json", "platform:model_queue_messages_ready:sum", "platform:model_queue_wait_seconds:p95_rate5m", "rabbitmq_detailed_queue_consumers")]
    public void A_dashboard_shows_its_subject(string file, params string[] fragments)
    {
        var queries = string.Join("\n", Dashboards.Queries(Dashboards.All()[file]));

        Assert.All(fragments, fragment => Assert.Contains(fragment, queries, StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_provisions_the_dashboards_folder()
    {
        var provider = Yaml.Load(Repository.Read("infra/grafana/provisioning/dashboards/platform.yml")).Get("providers").Items()[0];
        var grafana = Yaml.Load(Repository.Read("docker-compose.yml")).At("services.grafana")!;
        var volumes = grafana.Get("volumes").Items().Select(volume => volume.Text()).ToList();

        Assert.Contains($"./{Dashboards.Folder}:{provider.At("options.path").Text()}:ro", volumes);
        Assert.Contains("./infra/grafana/provisioning:/etc/grafana/provisioning:ro", volumes);
    }
}
