using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.Data;

namespace Platform.Gateway.ApiKeys;

/// <summary>Who is calling, as established from a valid API key.</summary>
public sealed record CallerIdentity(string TenantId, string ApiKeyId);

/// <summary>Checks keys against the store, caching results briefly (keyed by hash, never by the key itself).</summary>
internal sealed class ApiKeyValidator(IServiceScopeFactory scopes, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async ValueTask<CallerIdentity?> ValidateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.LooksLikeKey(presentedKey))
        {
            return null;
        }

        var hash = ApiKeyFormat.Hash(presentedKey);
        if (cache.TryGetValue(hash, out CallerIdentity? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var key = await store.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new CallerIdentity(k.TenantId, k.Id))
            .FirstOrDefaultAsync(cancellationToken);
        cache.Set(hash, key, CacheFor);
        return key;
    }
}
