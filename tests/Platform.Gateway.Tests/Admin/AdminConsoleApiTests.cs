using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Gateway.Data;

namespace Platform.Gateway.Tests.Admin;

/// <summary>The admin API's additions for the console: acting identity, audit search, suspension, limits, acceptance.</summary>
public sealed class AdminConsoleApiTests : IAsyncLifetime
{
    private AdminApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await AdminApiHost.StartAsync();
        await using var store = _host.Store.Open();
        store.Plans.Add(new Plan { Id = "p", Name = "p", MonthlyTokenQuota = 1000 });
        store.Tenants.Add(new Tenant { Id = "acme", Name = "Acme", PlanId = "p" });
        store.Tenants.Add(new Tenant { Id = "acme2", Name = "Acme 2", PlanId = "p" });
        await store.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Console_credential_names_the_acting_person_in_the_audit_log()
    {
        using var response = await SendAsync(HttpMethod.Put, "/admin/v1/tenants/acme", """{"name":"Acme Corp"}""", AdminApiHost.ConsoleToken, "alice@example.com [oidc]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var store = _host.Store.Open();
        Assert.Equal("alice@example.com [oidc] (console)", (await store.AuditLog.SingleAsync()).Actor);
    }

    [Fact]
    public async Task Admin_token_cannot_claim_a_name_the_header_is_ignored()
    {
        using var response = await SendAsync(HttpMethod.Put, "/admin/v1/tenants/acme", """{"name":"Acme Corp"}""", AdminApiHost.Token, "mallory");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var store = _host.Store.Open();
        Assert.Matches("^admin:[0-9a-f]{12}$", (await store.AuditLog.SingleAsync()).Actor);
    }

    [Fact]
    public async Task Audit_search_filters_by_tenant_and_action_and_pages_newest_first()
    {
        for (var i = 0; i < 3; i++)
        {
            (await SendAsync(HttpMethod.Post, "/admin/v1/tenants/acme/keys", $$"""{"name":"k{{i}}"}""")).Dispose();
        }

        (await SendAsync(HttpMethod.Post, "/admin/v1/tenants/acme2/keys", """{"name":"other"}""")).Dispose();
        (await SendAsync(HttpMethod.Put, "/admin/v1/tenants/acme", """{"name":"Renamed"}""")).Dispose();

        using var page = JsonDocument.Parse(await _host.Client.GetStringAsync("/admin/v1/audit/search?tenantId=acme&action=key&page=2&pageSize=2"));

        Assert.Equal(3, page.RootElement.GetProperty("total").GetInt32());
        var items = page.RootElement.GetProperty("items").EnumerateArray().ToList();
        var only = Assert.Single(items);
        Assert.Equal("key.issue", only.GetProperty("action").GetString());
        Assert.StartsWith("tenant=acme ", only.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var all = JsonDocument.Parse(await _host.Client.GetStringAsync("/admin/v1/audit/search?tenantId=acme"));
        Assert.Equal(4, all.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Audit_search_refuses_a_page_size_out_of_range_with_a_problem()
    {
        using var response = await _host.Client.GetAsync("/admin/v1/audit/search?pageSize=5000");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Suspended_tenant_keys_are_refused_and_the_suspension_is_audited()
    {
        using var issued = await SendAsync(HttpMethod.Post, "/admin/v1/tenants/acme/keys", """{"name":"ci"}""");
        var secret = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        var validator = _host.App.Services.GetService(typeof(Platform.Gateway.ApiKeys.ApiKeyValidator)) as Platform.Gateway.ApiKeys.ApiKeyValidator;
        Assert.NotNull(await validator!.ValidateAsync(secret, CancellationToken.None));

        using var suspended = await SendAsync(HttpMethod.Post, "/admin/v1/tenants/acme/suspend", null);

        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        Assert.Null(await validator.ValidateAsync(secret, CancellationToken.None));
        await using var store = _host.Store.Open();
        Assert.NotNull((await store.Tenants.SingleAsync(t => t.Id == "acme")).SuspendedAt);
        Assert.Contains(await store.AuditLog.Select(a => a.Action).ToListAsync(), action => action == "tenant.suspend");
    }

    [Fact]
    public async Task Limits_show_this_months_tokens_against_the_quota()
    {
        await using (var store = _host.Store.Open())
        {
            store.UsageRecords.Add(new UsageRecord
            {
                GenerationId = Guid.NewGuid(), TenantId = "acme", Model = "m", Endpoint = "completions", PromptTokens = 100, CompletionTokens = 20,
                Outcome = "stop", CompletedAt = DateTimeOffset.UtcNow,
            });
            await store.SaveChangesAsync();
        }

        using var limits = JsonDocument.Parse(await _host.Client.GetStringAsync("/admin/v1/tenants/acme/limits"));

        Assert.Equal(120, limits.RootElement.GetProperty("monthTokens").GetInt64());
        Assert.Equal(1000, limits.RootElement.GetProperty("plan").GetProperty("monthlyTokenQuota").GetInt64());
        Assert.Equal(120, limits.RootElement.GetProperty("lastMinuteTokens").GetInt64());
    }

    [Fact]
    public async Task Acceptance_is_reported_by_language_and_day_for_one_tenant()
    {
        var today = DateTimeOffset.UtcNow;
        await using (var store = _host.Store.Open())
        {
            string[][] events = [["python", "view"], ["python", "view"], ["python", "select"], ["go", "view"], ["go", "dismiss"]];
            foreach (var e in events)
            {
                store.CompletionEvents.Add(new CompletionEventRecord { TenantId = "acme", CompletionId = "c", Language = e[0], Kind = e[1], OccurredAt = today });
            }

            store.CompletionEvents.Add(new CompletionEventRecord { TenantId = "acme2", CompletionId = "c", Language = "python", Kind = "select", OccurredAt = today });
            await store.SaveChangesAsync();
        }

        using var report = JsonDocument.Parse(await _host.Client.GetStringAsync("/admin/v1/acceptance?tenantId=acme"));

        var languages = report.RootElement.GetProperty("byLanguage").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        Assert.Equal(0.5, languages["python"].GetProperty("rate").GetDouble());
        Assert.Equal(0, languages["go"].GetProperty("rate").GetDouble());
        Assert.Equal(1, languages["go"].GetProperty("dismisses").GetInt32());
        var day = Assert.Single(report.RootElement.GetProperty("byDay").EnumerateArray());
        Assert.Equal(today.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day.GetProperty("key").GetString());
        Assert.Equal(3, day.GetProperty("views").GetInt32());
        Assert.Equal(1, day.GetProperty("selects").GetInt32());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json, string token = AdminApiHost.Token, string? actor = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (actor is not null)
        {
            request.Headers.Add("X-Admin-Actor", actor);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await _host.Client.SendAsync(request);
    }
}
