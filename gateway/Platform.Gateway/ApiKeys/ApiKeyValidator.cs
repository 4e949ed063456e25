using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.Data;

namespace Platform.Gateway.ApiKeys;

/// <summary>
/// Checks keys: finds the stored record by the key's public prefix (cached briefly), compares keyed hashes in
/// constant time, then expiry. Revocations heard on the bus take effect at once, whatever the cache holds.
/// </summary>
internal sealed class ApiKeyValidator(
    IServiceScopeFactory scopes, IMemoryCache cache, ApiKeyHasher hasher, KeyUsageTracker usage, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new();

    public async ValueTask<CallerIdentity?> ValidateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.LooksLikeKey(presentedKey))
        {
            return null;
        }

        var prefix = ApiKeyFormat.PublicPrefix(presentedKey);
        if (_revoked.ContainsKey(prefix))
        {
            return null;
        }

        var record = await cache.GetOrCreateAsync(CacheKey(prefix), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return LoadAsync(prefix, cancellationToken);
        });
        if (record is null || record.RevokedAt is not null || _revoked.ContainsKey(prefix)
            || !ApiKeyHasher.Matches(record.Hash, hasher.Hash(presentedKey))
            || record.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        usage.Touch(record.Id);
        return new CallerIdentity(record.TenantId, record.Id, record.Scopes);
    }

    /// <summary>Stops accepting a key now; kept past the cache lifetime so a stale cache entry cannot revive it.</summary>
    public void Revoke(string prefix)
    {
        var now = time.GetUtcNow();
        _revoked[prefix] = now;
        cache.Remove(CacheKey(prefix));
        foreach (var (old, at) in _revoked)
        {
            if (now - at > CacheFor * 4)
            {
                _revoked.TryRemove(old, out _);
            }
        }
    }

    private static string CacheKey(string prefix) => $"api-key:{prefix}";

    private async Task<KeyRecord?> LoadAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        return await store.ApiKeys.AsNoTracking()
            .Where(k => k.Prefix == prefix)
            .Select(k => new KeyRecord(k.Id, k.TenantId, k.Hash, k.Scopes, k.ExpiresAt, k.RevokedAt))
            .FirstOrDefaultAsync(cancellationToken);
    }

    private sealed record KeyRecord(string Id, string TenantId, string Hash, List<string> Scopes, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);
}
