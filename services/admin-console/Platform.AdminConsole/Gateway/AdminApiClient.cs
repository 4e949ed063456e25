using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Components.Authorization;
using Platform.AdminConsole.SignIn;

namespace Platform.AdminConsole.Gateway;

/// <summary>
/// The only way the console reaches the gateway: its admin API, with the console's own credential, naming the
/// signed-in person (<c>X-Admin-Actor</c>) so the audit log records who acted. Changes need the admin role;
/// read-only users get an <see cref="AdminApiException"/> before anything is sent.
/// </summary>
public sealed class AdminApiClient(HttpClient http, AuthenticationStateProvider authentication)
{
    public const string ActorHeader = "X-Admin-Actor";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<List<PlanView>> GetPlansAsync(CancellationToken ct = default) => GetAsync<List<PlanView>>("plans", ct);

    public Task<PlanView> SavePlanAsync(string id, PlanChange change, CancellationToken ct = default) =>
        SendAsync<PlanView>(HttpMethod.Put, $"plans/{Escape(id)}", change, ct);

    public Task<List<TenantView>> GetTenantsAsync(string? search = null, CancellationToken ct = default) =>
        GetAsync<List<TenantView>>(string.IsNullOrWhiteSpace(search) ? "tenants" : $"tenants?search={Escape(search.Trim())}", ct);

    public Task<TenantView> GetTenantAsync(string id, CancellationToken ct = default) => GetAsync<TenantView>($"tenants/{Escape(id)}", ct);

    /// <summary>Whether the id is taken: the gateway's PUT creates or updates, so "create" must ask first.</summary>
    public async Task<bool> TenantExistsAsync(string id, CancellationToken ct = default)
    {
        try
        {
            await GetTenantAsync(id, ct);
            return true;
        }
        catch (AdminApiException exception) when (exception.Status == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task<TenantView> SaveTenantAsync(string id, string? name, string? planId, CancellationToken ct = default) =>
        SendAsync<TenantView>(HttpMethod.Put, $"tenants/{Escape(id)}", new { name, plan_id = planId }, ct);

    public Task<TenantView> SuspendTenantAsync(string id, CancellationToken ct = default) =>
        SendAsync<TenantView>(HttpMethod.Post, $"tenants/{Escape(id)}/suspend", null, ct);

    public Task<TenantView> ResumeTenantAsync(string id, CancellationToken ct = default) =>
        SendAsync<TenantView>(HttpMethod.Post, $"tenants/{Escape(id)}/resume", null, ct);

    public Task<TenantLimits> GetTenantLimitsAsync(string id, CancellationToken ct = default) => GetAsync<TenantLimits>($"tenants/{Escape(id)}/limits", ct);

    public Task<List<KeyView>> GetKeysAsync(string tenantId, CancellationToken ct = default) => GetAsync<List<KeyView>>($"tenants/{Escape(tenantId)}/keys", ct);

    public Task<IssuedKey> IssueKeyAsync(string tenantId, string name, IReadOnlyCollection<string> scopes, DateTimeOffset? expiresAt, CancellationToken ct = default) =>
        SendAsync<IssuedKey>(HttpMethod.Post, $"tenants/{Escape(tenantId)}/keys",
            new { name, scopes, expires_at = expiresAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) }, ct);

    public async Task RevokeKeyAsync(string tenantId, string keyId, CancellationToken ct = default) =>
        await SendAsync<JsonElement?>(HttpMethod.Delete, $"tenants/{Escape(tenantId)}/keys/{Escape(keyId)}", null, ct);

    /// <summary>Usage grouped by <c>day</c>, <c>model</c> or <c>key</c>.</summary>
    public Task<UsageReport> GetUsageAsync(string? tenantId, string groupBy, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        GetAsync<UsageReport>($"usage?groupBy={groupBy}{Range(tenantId, from, to)}", ct);

    /// <summary>Usage per day and <c>model</c>, <c>tenant</c> or <c>key</c>.</summary>
    public Task<UsageSeries> GetUsageSeriesAsync(string? tenantId, string by, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        GetAsync<UsageSeries>($"usage/series?by={by}{Range(tenantId, from, to)}", ct);

    public Task<AcceptanceReport> GetAcceptanceAsync(string? tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        GetAsync<AcceptanceReport>($"acceptance?{Range(tenantId, from, to).TrimStart('&')}", ct);

    public Task<OverviewReport> GetOverviewAsync(CancellationToken ct = default) => GetAsync<OverviewReport>("overview", ct);

    public Task<FleetReport> GetFleetAsync(CancellationToken ct = default) => GetAsync<FleetReport>("fleet", ct);

    public Task<AuditPage> SearchAuditAsync(AuditFilter filter, CancellationToken ct = default)
    {
        var query = $"audit/search?page={filter.Page}&pageSize={filter.PageSize}"
            + Parameter("actor", filter.Actor) + Parameter("action", filter.Action) + Parameter("tenantId", filter.TenantId)
            + Parameter("from", filter.From?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture))
            + Parameter("to", filter.To?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        return GetAsync<AuditPage>(query, ct);
    }

    /// <summary>Checks an admin token the person typed, by asking the gateway with it (never stored).</summary>
    public async Task<bool> IsAdminTokenAsync(string token, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "plans");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await SendRawAsync(request, ct);
        return response.IsSuccessStatusCode;
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await ReadAsync<T>(request, ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsInRole(ConsoleRoles.Admin))
        {
            throw new AdminApiException("Your role is read-only: changes need the admin role.", System.Net.HttpStatusCode.Forbidden);
        }

        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        request.Headers.Add(ActorHeader, ConsoleRoles.ActorName(user));
        return await ReadAsync<T>(request, ct);
    }

    private async Task<T> ReadAsync<T>(HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await SendRawAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await AdminApiException.FromResponseAsync(response, ct);
        }

        if (response.Content.Headers.ContentLength == 0 || response.StatusCode == System.Net.HttpStatusCode.NoContent)
        {
            return default!;
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
            ?? throw new AdminApiException("The gateway answered with an empty body.", response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, ct);
        }
        catch (HttpRequestException exception)
        {
            throw new AdminApiException($"The gateway's admin API cannot be reached ({exception.Message}).", exception);
        }
        catch (TaskCanceledException exception) when (!ct.IsCancellationRequested)
        {
            throw new AdminApiException("The gateway's admin API did not answer in time.", exception);
        }
    }

    private static string Range(string? tenantId, DateTimeOffset from, DateTimeOffset to) =>
        Parameter("tenantId", tenantId) + Parameter("from", from.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture))
        + Parameter("to", to.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));

    private static string Parameter(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"&{name}={Escape(value.Trim())}";

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
