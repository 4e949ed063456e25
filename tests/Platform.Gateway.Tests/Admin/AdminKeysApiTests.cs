using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Data;

namespace Platform.Gateway.Tests.Admin;

public sealed class AdminKeysApiTests : IAsyncLifetime
{
    private AdminApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await AdminApiHost.StartAsync();
        await using var store = _host.Store.Open();
        store.Plans.Add(new Plan { Id = "p", Name = "p" });
        store.Tenants.Add(new Tenant { Id = "acme", Name = "Acme", PlanId = "p" });
        await store.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Key_asked_for_with_an_empty_scope_list_is_refused_and_not_created()
    {
        using var response = await PostAsync("/admin/v1/tenants/acme/keys", """{"name":"ci","scopes":[]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["scopes"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(error => error.Name));
        await using var store = _host.Store.Open();
        Assert.False(await store.ApiKeys.AnyAsync());
    }

    [Fact]
    public async Task Key_asked_for_without_scopes_gets_every_scope_stored_explicitly()
    {
        using var response = await PostAsync("/admin/v1/tenants/acme/keys", """{"name":"ci"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var store = _host.Store.Open();
        Assert.Equal(ApiKeyScopes.All, (await store.ApiKeys.SingleAsync()).Scopes);
    }

    [Fact]
    public async Task Key_asked_for_with_one_scope_gets_only_that_one()
    {
        using var response = await PostAsync("/admin/v1/tenants/acme/keys", """{"name":"ci","scopes":["chat"]}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var store = _host.Store.Open();
        Assert.Equal(["chat"], (await store.ApiKeys.SingleAsync()).Scopes);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _host.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
