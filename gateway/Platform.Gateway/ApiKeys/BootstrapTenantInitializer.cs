using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Gateway.Data;

namespace Platform.Gateway.ApiKeys;

/// <summary>
/// Brings the store's schema up to date (migrations) and, on the very first start, creates the default plan, a
/// bootstrap tenant and one API key. A generated key is written once to standard output (never to the log
/// pipeline); only its keyed hash is stored.
/// </summary>
internal sealed class BootstrapTenantInitializer(
    IServiceScopeFactory scopes,
    ApiKeyIssuer issuer,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<BootstrapTenantInitializer> logger) : IHostedService
{
    public const string TenantId = "default";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await store.Database.MigrateAsync(cancellationToken);
        await EnsureDefaultPlanAsync(store, cancellationToken);

        var configuredKey = options.Value.BootstrapApiKey;
        if (!string.IsNullOrEmpty(configuredKey))
        {
            var prefix = ApiKeyFormat.PublicPrefix(configuredKey);
            if (!await store.ApiKeys.AnyAsync(k => k.Prefix == prefix, cancellationToken))
            {
                await AddBootstrapKeyAsync(store, configuredKey, cancellationToken);
                logger.LogInformation("Bootstrap API key {Prefix}… registered from configuration.", prefix);
            }

            return;
        }

        if (await store.ApiKeys.AnyAsync(cancellationToken))
        {
            return;
        }

        var issued = await AddBootstrapKeyAsync(store, null, cancellationToken);
        logger.LogInformation("Created bootstrap API key {Prefix}…; the full key was printed once on standard output.", issued.Record.Prefix);
        Console.WriteLine();
        Console.WriteLine("  Bootstrap API key (shown once, store it now):");
        Console.WriteLine($"    {issued.Secret}");
        Console.WriteLine();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureDefaultPlanAsync(GatewayDbContext store, CancellationToken cancellationToken)
    {
        if (await store.Plans.AnyAsync(p => p.Id == Plan.DefaultId, cancellationToken))
        {
            return;
        }

        var defaults = options.Value.DefaultPlan;
        store.Plans.Add(new Plan
        {
            Id = Plan.DefaultId,
            Name = "Default",
            RequestsPerMinutePerKey = defaults.RequestsPerMinutePerKey,
            TokensPerMinutePerTenant = defaults.TokensPerMinutePerTenant,
            ConcurrentRequestsPerKey = defaults.ConcurrentRequestsPerKey,
            MonthlyTokenQuota = defaults.MonthlyTokenQuota,
            CreatedAt = time.GetUtcNow(),
        });
        await SaveTolerantAsync(store, cancellationToken);
    }

    private async Task<IssuedApiKey> AddBootstrapKeyAsync(GatewayDbContext store, string? secret, CancellationToken cancellationToken)
    {
        if (!await store.Tenants.AnyAsync(t => t.Id == TenantId, cancellationToken))
        {
            store.Tenants.Add(new Tenant { Id = TenantId, Name = "Default tenant", PlanId = Plan.DefaultId, CreatedAt = time.GetUtcNow() });
        }

        var issued = await issuer.IssueAsync(store, TenantId, "bootstrap", null, null, cancellationToken, secret);
        await SaveTolerantAsync(store, cancellationToken);
        return issued;
    }

    // Several replicas may start at once against one database: whoever saves first wins, the rest carry on.
    private static async Task SaveTolerantAsync(GatewayDbContext store, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            store.ChangeTracker.Clear();
        }
    }
}
