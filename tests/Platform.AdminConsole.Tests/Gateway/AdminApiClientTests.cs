using Platform.AdminConsole.Gateway;

namespace Platform.AdminConsole.Tests.Gateway;

public sealed class AdminApiClientTests(GatewayAdminApi gateway) : IClassFixture<GatewayAdminApi>
{
    [Fact]
    public async Task Changes_are_audited_under_the_signed_in_person_not_the_console_credential()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);

        await context.Api.SaveTenantAsync("audited", "Audited", null);

        var page = await context.Api.SearchAuditAsync(new AuditFilter(null, "tenant.create", "audited", null, null, 1, 10));
        var entry = Assert.Single(page.Items);
        Assert.Equal("alice@example.com [console] (console)", entry.Actor);
    }

    [Fact]
    public async Task Typed_admin_token_is_checked_with_the_gateway()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);

        Assert.True(await context.Api.IsAdminTokenAsync(GatewayAdminApi.ConsoleToken));
        Assert.False(await context.Api.IsAdminTokenAsync("sk-admin-not-the-token-0000000000000"));
    }
}

public sealed class FleetMetricsTests
{
    [Fact]
    public void Engine_samples_are_read_per_model_and_histogram_buckets_skipped()
    {
        const string text = """
            # TYPE platform_engine_num_requests_running gauge
            platform_engine_num_requests_running{model="tiny-coder",otel_scope_name="Platform.Inference"} 3
            platform_engine_num_requests_waiting{model="tiny-coder"} 7
            platform_engine_kv_cache_usage_perc_ratio{model="tiny-coder"} 0.25
            platform_engine_time_to_first_token_seconds_bucket{model="tiny-coder",le="0.1"} 4
            platform_engine_time_to_first_token_seconds_sum{model="tiny-coder"} 0.5
            platform_engine_time_to_first_token_seconds_count{model="tiny-coder"} 5
            http_server_request_duration_seconds_count{model="x"} 9
            """;

        var samples = FleetMetrics.Parse(text).ToList();

        Assert.Equal(5, samples.Count);
        Assert.All(samples, sample => Assert.Equal("tiny-coder", sample.Model));
        Assert.Contains(("num_requests_running", "tiny-coder", 3.0), samples);
        Assert.DoesNotContain(samples, sample => sample.Name.EndsWith("_bucket", StringComparison.Ordinal));
    }
}
