using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.Admin;
using Platform.Gateway.Limits;

namespace Platform.Gateway.Tests.Admin;

public sealed class AdminTenantsApiTests : IAsyncLifetime
{
    private AdminApiHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Bad_plan_body_is_answered_with_a_field_error_each_and_changes_nothing()
    {
        using var response = await PutAsync("/admin/v1/plans/pro.v2", """
            {"name":7,"requests_per_minute_per_key":-1,"tokens_per_minute_per_tenant":"many","concurrent_requests_per_key":1.5,
             "monthly_token_quota":-5,"allowed_models":["tiny-coder",3]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = await JsonAsync(response);
        Assert.Equal("invalid_request", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(
            ["allowed_models", "concurrent_requests_per_key", "id", "monthly_token_quota", "name", "requests_per_minute_per_key", "tokens_per_minute_per_tenant"],
            problem.RootElement.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal));
        await using var store = _host.Store.Open();
        Assert.False(await store.Plans.AnyAsync());
        Assert.False(await store.AuditLog.AnyAsync());
    }

    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("42")]
    public async Task Plan_body_that_is_not_a_json_object_changes_nothing(string body)
    {
        using var response = await PutAsync("/admin/v1/plans/pro", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var store = _host.Store.Open();
        Assert.False(await store.Plans.AnyAsync());
    }

    [Fact]
    public async Task A_plan_is_created_then_updated_field_by_field_and_each_change_is_audited_under_the_token_fingerprint()
    {
        using var created = await PutAsync("/admin/v1/plans/pro", """{"name":"Pro","requests_per_minute_per_key":60,"allowed_models":"tiny-coder"}""");
        using var updated = await PutAsync("/admin/v1/plans/pro", """{"monthly_token_quota":1000000}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/admin/v1/plans/pro", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        using var plan = await JsonAsync(updated);
        Assert.Equal("Pro", plan.RootElement.GetProperty("name").GetString());
        Assert.Equal(60, plan.RootElement.GetProperty("requestsPerMinutePerKey").GetInt32());
        Assert.Equal(1_000_000, plan.RootElement.GetProperty("monthlyTokenQuota").GetInt64());
        Assert.Equal(["tiny-coder"], plan.RootElement.GetProperty("allowedModels").EnumerateArray().Select(model => model.GetString()));
        await using var store = _host.Store.Open();
        var audit = await store.AuditLog.OrderBy(entry => entry.Id).ToListAsync();
        Assert.Equal(["plan.create", "plan.update"], audit.Select(entry => entry.Action));
        Assert.All(audit, entry => Assert.Equal("plan:pro", entry.Target));
        var fingerprint = "admin:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AdminApiHost.Token)))[..12];
        Assert.All(audit, entry => Assert.Equal(fingerprint, entry.Actor));
        Assert.All(audit, entry => Assert.DoesNotContain(AdminApiHost.Token[AdminTokens.Prefix.Length..], entry.Actor + entry.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plans_priority_boost_is_stored_and_a_boost_past_one_level_is_refused()
    {
        using var refused = await PutAsync("/admin/v1/plans/pro", """{"name":"Pro","priority_boost":2}""");
        using var created = await PutAsync("/admin/v1/plans/pro", """{"name":"Pro","priority_boost":1}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = await JsonAsync(refused);
        Assert.Equal(["priority_boost"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(error => error.Name));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var plan = await JsonAsync(created);
        Assert.Equal(1, plan.RootElement.GetProperty("priorityBoost").GetInt32());
        await using var store = _host.Store.Open();
        Assert.Equal(1, (await store.Plans.SingleAsync()).PriorityBoost);
    }

    [Fact]
    public async Task Changing_a_plan_reaches_its_tenants_cached_limits_at_once()
    {
        var plans = _host.App.Services.GetRequiredService<PlanCache>();
        (await PutAsync("/admin/v1/plans/pro", """{"requests_per_minute_per_key":10}""")).Dispose();
        (await PutAsync("/admin/v1/tenants/acme", """{"name":"Acme","plan_id":"pro"}""")).Dispose();
        Assert.Equal(10, (await plans.GetAsync("acme", CancellationToken.None))!.RequestsPerMinute);

        (await PutAsync("/admin/v1/plans/pro", """{"requests_per_minute_per_key":20}""")).Dispose();

        Assert.Equal(20, (await plans.GetAsync("acme", CancellationToken.None))!.RequestsPerMinute);
    }

    [Fact]
    public async Task A_tenant_on_an_unknown_plan_is_refused_with_a_plan_id_error()
    {
        using var response = await PutAsync("/admin/v1/tenants/acme", """{"plan_id":"gold"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await JsonAsync(response);
        Assert.Equal(["plan_id"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(error => error.Name));
        await using var store = _host.Store.Open();
        Assert.False(await store.Tenants.AnyAsync());
    }

    [Fact]
    public async Task Unknown_tenant_is_answered_404_with_a_problem()
    {
        using var response = await _host.Client.GetAsync(new Uri("/admin/v1/tenants/nobody", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = await JsonAsync(response);
        Assert.Equal("tenant_not_found", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Plan_limit_failure_mode_is_open_closed_or_default_and_nothing_else()
    {
        using var closed = await PutAsync("/admin/v1/plans/pro", """{"limit_failure_mode":"closed"}""");
        using var wrong = await PutAsync("/admin/v1/plans/pro", """{"limit_failure_mode":"sometimes"}""");
        await using (var store = _host.Store.Open())
        {
            Assert.Equal(Gateway.Data.LimitFailureMode.Closed, (await store.Plans.SingleAsync()).LimitFailureMode);
        }

        using var reset = await PutAsync("/admin/v1/plans/pro", """{"limit_failure_mode":"default"}""");

        Assert.Equal(HttpStatusCode.Created, closed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await using var after = _host.Store.Open();
        Assert.Null((await after.Plans.SingleAsync()).LimitFailureMode);
    }

    private Task<HttpResponseMessage> PutAsync(string path, string json) =>
        _host.Client.PutAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());
}
