using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Keys;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Data;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Gateway.Admin;

/// <summary>
/// A tenant's standing: <c>POST …/suspend</c> and <c>…/resume</c>, and <c>GET …/limits</c> (its plan's limits beside what
/// it has used against them: this month's tokens, the last minute's tokens and each key's last-minute requests).
/// </summary>
internal static class AdminTenantStatusApi
{
    public static RouteGroupBuilder MapAdminTenantStatusApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/tenants/{id}/suspend", SuspendAsync);
        admin.MapPost("/tenants/{id}/resume", ResumeAsync);
        admin.MapGet("/tenants/{id}/limits", LimitsAsync);
        return admin;
    }

    /// <summary>
    /// Suspension refuses every key of the tenant: each replica is told as for a revocation, so cached keys stop at
    /// once, and a key loaded afresh carries the tenant's suspension.
    /// </summary>
    private static async Task<IResult> SuspendAsync(
        string id, HttpContext context, GatewayDbContext store, ApiKeyValidator validator, IConfirmedPublisher bus, TimeProvider time)
    {
        var tenant = await store.Tenants.FirstOrDefaultAsync(t => t.Id == id, context.RequestAborted);
        if (tenant is null)
        {
            return AdminTenantsApi.NotFound("tenant", id);
        }

        if (tenant.SuspendedAt is null)
        {
            tenant.SuspendedAt = time.GetUtcNow();
            AdminAudit.Record(store, context.User, time, "tenant.suspend", $"tenant:{id}");
            await store.SaveChangesAsync(context.RequestAborted);
        }

        var keys = await store.ApiKeys.AsNoTracking().Where(k => k.TenantId == id && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Prefix }).ToListAsync(context.RequestAborted);
        foreach (var key in keys)
        {
            validator.Revoke(key.Prefix);
            await bus.PublishAsync(new ApiKeyRevoked(key.Id, id, key.Prefix, tenant.SuspendedAt.Value), context.RequestAborted);
        }

        return Results.Json(View(tenant));
    }

    /// <summary>Keys work again once no replica still holds them as revoked (within two minutes).</summary>
    private static async Task<IResult> ResumeAsync(string id, HttpContext context, GatewayDbContext store, TimeProvider time)
    {
        var tenant = await store.Tenants.FirstOrDefaultAsync(t => t.Id == id, context.RequestAborted);
        if (tenant is null)
        {
            return AdminTenantsApi.NotFound("tenant", id);
        }

        if (tenant.SuspendedAt is not null)
        {
            tenant.SuspendedAt = null;
            AdminAudit.Record(store, context.User, time, "tenant.resume", $"tenant:{id}");
            await store.SaveChangesAsync(context.RequestAborted);
        }

        return Results.Json(View(tenant));
    }

    private static async Task<IResult> LimitsAsync(string id, GatewayDbContext store, TimeProvider time, CancellationToken ct)
    {
        var tenant = await store.Tenants.AsNoTracking().Include(t => t.Plan).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (tenant?.Plan is not { } plan)
        {
            return AdminTenantsApi.NotFound("tenant", id);
        }

        var now = time.GetUtcNow();
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var minuteAgo = now.AddMinutes(-1);
        var usage = store.UsageRecords.AsNoTracking().Where(u => u.TenantId == id);
        var monthTokens = await usage.Where(u => u.CompletedAt >= monthStart).SumAsync(u => (long)u.PromptTokens + u.CompletionTokens, ct);
        var lastMinute = await usage.Where(u => u.CompletedAt >= minuteAgo)
            .Select(u => new { u.ApiKeyId, Tokens = (long)u.PromptTokens + u.CompletionTokens }).ToListAsync(ct);
        return Results.Json(new
        {
            plan = new { plan.Id, plan.Name, plan.RequestsPerMinutePerKey, plan.TokensPerMinutePerTenant, plan.ConcurrentRequestsPerKey, plan.MonthlyTokenQuota, plan.AllowedModels },
            monthTokens,
            lastMinuteTokens = lastMinute.Sum(u => u.Tokens),
            busiestKeyLastMinuteRequests = lastMinute.GroupBy(u => u.ApiKeyId).Select(g => g.Count()).DefaultIfEmpty(0).Max(),
            measuredAt = now,
        });
    }

    internal static object View(Tenant tenant) => new { tenant.Id, tenant.Name, tenant.PlanId, tenant.CreatedAt, tenant.SuspendedAt };
}
