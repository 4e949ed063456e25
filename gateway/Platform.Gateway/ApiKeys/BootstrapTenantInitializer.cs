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
/// pipeline); only its keyed hash is stored. Replicas starting at once against one database race to insert the
/// same rows: the primary keys let exactly one win, and only the winner's key is printed.
/// </summary>
internal sealed class BootstrapTenantInitializer(
    IServiceScopeFactory scopes,
    ApiKeyIssuer issuer,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<BootstrapTenantInitializer> logger) : IHostedService
{
    public const string TenantId = "default";

    /// <summary>The generated bootstrap key's id: a second replica's insert of it fails instead of adding a second key.</summary>
    public const string GeneratedKeyId = "key_bootstrap";

    /// <summary>Where a generated key is shown: standard output, never the log pipeline.</summary>
    internal TextWriter Output { get; init; } = Console.Out;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await using (await store.LockMigrationsAsync(cancellationToken))
        {
            await store.Database.MigrateAsync(cancellationToken);
        }

        await EnsureDefaultPlanAsync(store, cancellationToken);

        var configuredKey = options.Value.BootstrapApiKey;
        if (!string.IsNullOrEmpty(configuredKey))
        {
            var prefix = ApiKeyFormat.PublicPrefix(configuredKey);
            if (!await store.ApiKeys.AnyAsync(k => k.Prefix == prefix, cancellationToken)
                && await TryAddBootstrapKeyAsync(store, configuredKey, cancellationToken) is not null)
            {
                logger.LogInformation("Bootstrap API key {Prefix}… registered from configuration.", prefix);
            }

            return;
        }

        if (await store.ApiKeys.AnyAsync(cancellationToken))
        {
            return;
        }

        if (await TryAddBootstrapKeyAsync(store, null, cancellationToken) is not { } issued)
        {
            logger.LogInformation("Another replica created the bootstrap API key.");
            return;
        }

        logger.LogInformation("Created bootstrap API key {Prefix}…; the full key was printed once on standard output.", issued.Record.Prefix);
        Output.WriteLine();
        Output.WriteLine("  Bootstrap API key (shown once, store it now):");
        Output.WriteLine($"    {issued.Secret}");
        Output.WriteLine();
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
        await TrySaveAsync(store, () => store.Plans.AnyAsync(p => p.Id == Plan.DefaultId, cancellationToken), cancellationToken);
    }

    /// <summary>The tenant and its key in one transaction; null when another replica's insert won.</summary>
    private async Task<IssuedApiKey?> TryAddBootstrapKeyAsync(GatewayDbContext store, string? secret, CancellationToken cancellationToken)
    {
        if (!await store.Tenants.AnyAsync(t => t.Id == TenantId, cancellationToken))
        {
            store.Tenants.Add(new Tenant { Id = TenantId, Name = "Default tenant", PlanId = Plan.DefaultId, CreatedAt = time.GetUtcNow() });
        }

        var issued = await issuer.IssueAsync(store, TenantId, "bootstrap", null, null, cancellationToken, secret,
            id: secret is null ? GeneratedKeyId : null);
        var prefix = issued.Record.Prefix;
        var saved = await TrySaveAsync(store, secret is null
            ? () => store.ApiKeys.AnyAsync(k => k.Id == GeneratedKeyId, cancellationToken)
            : () => store.ApiKeys.AnyAsync(k => k.Prefix == prefix, cancellationToken), cancellationToken);
        return saved ? issued : null;
    }

    /// <summary>
    /// Saves; a failed insert is a lost race only if the row it lost to is there when read again (else it rethrows).
    /// Returns whether this replica's rows were saved.
    /// </summary>
    private static async Task<bool> TrySaveAsync(GatewayDbContext store, Func<Task<bool>> winnerExists, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            store.ChangeTracker.Clear();
            if (await winnerExists())
            {
                return false;
            }

            throw;
        }
    }
}
