using System.Net;
using System.Text.Json;
using Platform.Gateway.Data;

namespace Platform.Gateway.Tests.Admin;

public sealed class AdminUsageApiTests : IAsyncLifetime
{
    private const string Window = "from=2026-11-27T00:00:00Z&to=2026-11-29T00:00:00Z";
    private AdminApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await AdminApiHost.StartAsync();
        await using var store = _host.Store.Open();
        store.UsageRecords.AddRange(
            Usage("acme", "tiny-coder", "key_1", "2026-11-27T23:30:00Z", 1),
            Usage("acme", "tiny-coder", "key_2", "2026-11-28T00:30:00Z", 10),
            Usage("acme", "chat-small", null, "2026-11-28T08:00:00Z", 100),
            Usage("acme", "tiny-coder", "key_1", "2026-11-29T00:00:00Z", 1000), // at the window's end: outside
            Usage("acme", "tiny-coder", "key_1", "2026-11-20T12:00:00Z", 2000), // before the window
            Usage("globex", "tiny-coder", "key_9", "2026-11-28T01:00:00Z", 10000));
        await store.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("tenantId=acme&groupBy=model", "chat-small 1 100 200; tiny-coder 2 11 22")]
    [InlineData("tenantId=acme&groupBy=day", "2026-11-27 1 1 2; 2026-11-28 2 110 220")]
    [InlineData("tenantId=acme", "2026-11-27 1 1 2; 2026-11-28 2 110 220")]
    [InlineData("tenantId=acme&groupBy=key", " 1 100 200; key_1 1 1 2; key_2 1 10 20")]
    [InlineData("groupBy=model", "chat-small 1 100 200; tiny-coder 3 10011 20022")]
    public async Task Usage_sums_requests_and_tokens_per_group_within_the_window(string query, string expected)
    {
        using var response = await _host.Client.GetAsync(new Uri($"/admin/v1/usage?{Window}&{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, string.Join("; ", usage.RootElement.GetProperty("data").EnumerateArray().Select(row =>
            $"{row.GetProperty("key").GetString()} {row.GetProperty("requests").GetInt32()} {row.GetProperty("promptTokens").GetInt64()} {row.GetProperty("completionTokens").GetInt64()}")));
    }

    [Fact]
    public async Task Unknown_grouping_is_refused_with_a_groupBy_error()
    {
        using var response = await _host.Client.GetAsync(new Uri($"/admin/v1/usage?{Window}&groupBy=tenant", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("groupBy", out _));
    }

    [Theory]
    [InlineData("", "tenant.update plan.update plan.create")]
    [InlineData("?limit=2", "tenant.update plan.update")]
    [InlineData("?limit=0", "tenant.update")]
    [InlineData("?limit=-5", "tenant.update")]
    public async Task Audit_log_lists_the_newest_entries_first_and_at_least_one(string query, string expected)
    {
        await using (var store = _host.Store.Open())
        {
            var at = DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var action in new[] { "plan.create", "plan.update", "tenant.update" })
            {
                store.AuditLog.Add(new AuditEntry { At = at, Actor = "admin:0123456789ab", Action = action, Target = "plan:pro" });
                await store.SaveChangesAsync();
            }
        }

        using var response = await _host.Client.GetAsync(new Uri($"/admin/v1/audit{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var audit = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, string.Join(" ", audit.RootElement.EnumerateArray().Select(entry => entry.GetProperty("action").GetString())));
    }

    private static UsageRecord Usage(string tenant, string model, string? key, string completedAt, int promptTokens) => new()
    {
        GenerationId = Guid.NewGuid(),
        TenantId = tenant,
        ApiKeyId = key,
        Model = model,
        Endpoint = "/v1/completions",
        PromptTokens = promptTokens,
        CompletionTokens = promptTokens * 2,
        Outcome = "stop",
        CompletedAt = DateTimeOffset.Parse(completedAt, System.Globalization.CultureInfo.InvariantCulture),
    };
}
