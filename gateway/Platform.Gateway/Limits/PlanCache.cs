using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.Data;

namespace Platform.Gateway.Limits;

/// <summary>Each tenant's plan limits, cached briefly: a plan change reaches the hot path within half a minute.</summary>
internal sealed class PlanCache(IServiceScopeFactory scopes, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<PlanLimits?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync($"plan-of:{tenantId}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            return await store.Tenants.AsNoTracking()
                .Where(t => t.Id == tenantId)
                .Select(t => new PlanLimits(t.Plan!.Id, t.Plan.RequestsPerMinutePerKey, t.Plan.TokensPerMinutePerTenant,
                    t.Plan.ConcurrentRequestsPerKey, t.Plan.MonthlyTokenQuota, t.Plan.AllowedModels, t.Plan.LimitFailureMode,
                    t.Plan.PriorityBoost))
                .FirstOrDefaultAsync(cancellationToken);
        });

    public void Forget(string tenantId) => cache.Remove($"plan-of:{tenantId}");
}
