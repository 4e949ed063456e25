using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.IntegrationTests.Distributed;

namespace Platform.IntegrationTests.Faults;

/// <summary>The gateway's Redis is down (its address refuses connections) from the start.</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private static readonly object OneToken = new { prompt = "def f(x):", max_tokens = 1, temperature = 0 };
    private OneProcessPlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await OneProcessPlatform.StartAsync(new Dictionary<string, string?>
    {
        ["ConnectionStrings:redis"] = $"127.0.0.1:{OneProcessPlatform.ClosedPort()}",
    });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Theory]
    [InlineData("""{"monthly_token_quota": 1000000}""")]
    [InlineData("""{"requests_per_minute_per_key": 100, "limit_failure_mode": "closed"}""")]
    public async Task Plan_whose_limits_fail_closed_is_answered_503_with_retry_after_at_once(string plan)
    {
        using var client = await ClientOnPlanAsync(plan);
        var clock = Stopwatch.StartNew();

        using var response = await client.PostAsJsonAsync("/v1/completions", OneToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Answered after {clock.Elapsed}.");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.InRange(response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("limits_unavailable", problem.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"requests_per_minute_per_key": 100, "concurrent_requests_per_key": 4, "tokens_per_minute_per_tenant": 100000}""")]
    [InlineData("""{"monthly_token_quota": 1000000, "limit_failure_mode": "open"}""")]
    public async Task Plan_whose_limits_fail_open_is_served_uncounted(string plan)
    {
        using var client = await ClientOnPlanAsync(plan);

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsJsonAsync("/v1/completions", OneToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private async Task<HttpClient> ClientOnPlanAsync(string planJson)
    {
        using var admin = new AdminClient(_platform.App, _platform.AdminToken);
        var tenant = await admin.CreateTenantAsync(JsonSerializer.Deserialize<JsonElement>(planJson));
        var (_, key) = await admin.IssueKeyAsync(tenant);
        return _platform.Client(key);
    }
}
