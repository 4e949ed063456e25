using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Platform.IntegrationTests.Distributed;

/// <summary>Sets up tenants, plans and keys through the real admin API.</summary>
public sealed class AdminClient(WebApplication gateway, string adminToken) : IDisposable
{
    private readonly HttpClient _http = DistributedPlatform.ClientFor(gateway, adminToken);

    /// <summary>Creates a plan and a tenant on it; returns the tenant id.</summary>
    public async Task<string> CreateTenantAsync(object planLimits)
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        (await _http.PutAsJsonAsync($"/admin/v1/plans/plan-{run}", planLimits)).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"/admin/v1/tenants/tenant-{run}", new { name = $"Tenant {run}", plan_id = $"plan-{run}" })).EnsureSuccessStatusCode();
        return $"tenant-{run}";
    }

    /// <summary>Issues a key; returns its id and the secret (shown only here).</summary>
    public async Task<(string Id, string Secret)> IssueKeyAsync(string tenantId)
    {
        using var response = await _http.PostAsJsonAsync($"/admin/v1/tenants/{tenantId}/keys", new { name = "test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    public Task<HttpResponseMessage> RevokeAsync(string tenantId, string keyId) =>
        _http.DeleteAsync($"/admin/v1/tenants/{tenantId}/keys/{keyId}");

    public Task<JsonElement> UsageAsync(string tenantId, string groupBy) =>
        _http.GetFromJsonAsync<JsonElement>($"/admin/v1/usage?tenantId={tenantId}&groupBy={groupBy}");

    public void Dispose() => _http.Dispose();
}
