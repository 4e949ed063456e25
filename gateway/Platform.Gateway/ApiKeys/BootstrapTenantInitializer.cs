using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Gateway.Data;

namespace Platform.Gateway.ApiKeys;

/// <summary>
/// Creates the store's schema and, on the very first start, a bootstrap tenant with one API key. A generated key is
/// written once to standard output (never to the log pipeline); only its hash is stored.
/// </summary>
internal sealed class BootstrapTenantInitializer(
    IServiceScopeFactory scopes,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<BootstrapTenantInitializer> logger) : IHostedService
{
    public const string TenantId = "default";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await store.Database.EnsureCreatedAsync(cancellationToken);

        var configuredKey = options.Value.BootstrapApiKey;
        if (!string.IsNullOrEmpty(configuredKey))
        {
            var hash = ApiKeyFormat.Hash(configuredKey);
            if (await store.ApiKeys.AnyAsync(k => k.Hash == hash, cancellationToken))
            {
                return;
            }

            await AddBootstrapKeyAsync(store, configuredKey, cancellationToken);
            logger.LogInformation("Bootstrap API key {Prefix}… registered from configuration.", ApiKeyFormat.PublicPrefix(configuredKey));
            return;
        }

        if (await store.ApiKeys.AnyAsync(cancellationToken))
        {
            return;
        }

        var key = ApiKeyFormat.NewKey();
        await AddBootstrapKeyAsync(store, key, cancellationToken);
        logger.LogInformation("Created bootstrap API key {Prefix}…; the full key was printed once on standard output.", ApiKeyFormat.PublicPrefix(key));
        Console.WriteLine();
        Console.WriteLine("  Bootstrap API key (shown once, store it now):");
        Console.WriteLine($"    {key}");
        Console.WriteLine();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task AddBootstrapKeyAsync(GatewayDbContext store, string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await store.Tenants.AnyAsync(t => t.Id == TenantId, cancellationToken))
        {
            store.Tenants.Add(new Tenant { Id = TenantId, Name = "Default tenant", CreatedAt = now });
        }

        store.ApiKeys.Add(new ApiKey
        {
            Id = $"key_{Guid.NewGuid():N}",
            TenantId = TenantId,
            Name = "bootstrap",
            Prefix = ApiKeyFormat.PublicPrefix(key),
            Hash = ApiKeyFormat.Hash(key),
            CreatedAt = now,
        });
        try
        {
            await store.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another gateway replica may have registered the same configured key first.
            store.ChangeTracker.Clear();
            var hash = ApiKeyFormat.Hash(key);
            if (!await store.ApiKeys.AnyAsync(k => k.Hash == hash, cancellationToken))
            {
                throw;
            }
        }
    }
}
