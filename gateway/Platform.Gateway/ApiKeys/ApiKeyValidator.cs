using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Gateway.Data;

namespace Platform.Gateway.ApiKeys;

/// <summary>
/// Checks keys: finds the stored record by the key's public prefix, compares keyed hashes in constant time, then
/// expiry. Records are cached briefly in a cache of bounded size, prefixes that belong to no key more briefly still,
/// and concurrent requests with one uncached prefix share a single lookup, so random keys cost at most one query per
/// prefix and a bounded amount of memory. Revocations heard on the bus take effect at once, whatever the cache holds.
/// While the database is away a lookup fails fast with <see cref="StoreUnavailableException"/> (answered 503): each
/// takes at most <see cref="LookupTimeout"/>, and after a failure the next <see cref="OutageMemory"/> fail at once.
/// </summary>
internal sealed class ApiKeyValidator : IDisposable
{
    private static readonly TimeSpan KnownFor = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan OutageMemory = TimeSpan.FromSeconds(1);
    private long _storeDownUntilTicks;
    private readonly IServiceScopeFactory _scopes;
    private readonly ApiKeyHasher _hasher;
    private readonly KeyUsageTracker _usage;
    private readonly TimeProvider _time;
    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<string, Task<KeyRecord?>> _loading = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    public ApiKeyValidator(
        IServiceScopeFactory scopes, ApiKeyHasher hasher, KeyUsageTracker usage, IOptions<GatewayOptions> options, TimeProvider time)
    {
        _scopes = scopes;
        _hasher = hasher;
        _usage = usage;
        _time = time;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.KeyCacheSize });
    }

    /// <summary>Entries of the key cache, known and unknown prefixes together.</summary>
    internal int CachedPrefixes => _cache.Count;

    /// <summary>How long a prefix that belongs to no key is remembered as such.</summary>
    internal TimeSpan UnknownFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether checking this key needs no database lookup: it is no key at all, or its prefix is cached.</summary>
    public bool IsAnsweredWithoutLookup(string presentedKey) =>
        !ApiKeyFormat.LooksLikeKey(presentedKey) || _cache.TryGetValue(ApiKeyFormat.PublicPrefix(presentedKey), out _);

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

        var record = _cache.TryGetValue(prefix, out CachedKey? cached) ? cached!.Record : await LoadOnceAsync(prefix, cancellationToken);
        if (record is null || record.RevokedAt is not null || record.TenantSuspended || _revoked.ContainsKey(prefix)
            || !ApiKeyHasher.Matches(record.Hash, _hasher.Hash(presentedKey))
            || record.ExpiresAt <= _time.GetUtcNow())
        {
            return null;
        }

        _usage.Touch(record.Id);
        return new CallerIdentity(record.TenantId, record.Id, record.Scopes);
    }

    /// <summary>Stops accepting a key now; kept past the cache lifetime so a stale cache entry cannot revive it.</summary>
    public void Revoke(string prefix)
    {
        var now = _time.GetUtcNow();
        _revoked[prefix] = now;
        _cache.Remove(prefix);
        foreach (var (old, at) in _revoked)
        {
            if (now - at > KnownFor * 4)
            {
                _revoked.TryRemove(old, out _);
            }
        }
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>
    /// One lookup per prefix at a time: the first caller queries and caches, the others await its answer. A failed
    /// lookup is not cached. The query runs to its end even if its first caller goes away, since others may wait on it.
    /// </summary>
    private async Task<KeyRecord?> LoadOnceAsync(string prefix, CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow().UtcTicks < Interlocked.Read(ref _storeDownUntilTicks))
        {
            throw new StoreUnavailableException("The key store failed a moment ago.");
        }

        var mine = new TaskCompletionSource<KeyRecord?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _loading.GetOrAdd(prefix, mine.Task);
        if (shared == mine.Task)
        {
            try
            {
                var record = await LoadAsync(prefix);
                _cache.Set(prefix, new CachedKey(record), new MemoryCacheEntryOptions
                {
                    Size = 1,
                    AbsoluteExpirationRelativeToNow = record is null ? UnknownFor : KnownFor,
                    Priority = record is null ? CacheItemPriority.Low : CacheItemPriority.Normal, // compaction drops unknown prefixes first
                });
                mine.SetResult(record);
            }
            catch (Exception exception) when (exception is OperationCanceledException || StoreUnavailableException.IsOutage(exception))
            {
                Interlocked.Exchange(ref _storeDownUntilTicks, (_time.GetUtcNow() + OutageMemory).UtcTicks);
                mine.SetException(new StoreUnavailableException("The key store cannot be reached.", exception));
            }
            catch (Exception exception)
            {
                mine.SetException(exception);
            }
            finally
            {
                _loading.TryRemove(new KeyValuePair<string, Task<KeyRecord?>>(prefix, mine.Task));
            }
        }

        return await shared.WaitAsync(cancellationToken);
    }

    private async Task<KeyRecord?> LoadAsync(string prefix)
    {
        using var timeout = new CancellationTokenSource(LookupTimeout);
        await using var scope = _scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        return await store.ApiKeys.AsNoTracking()
            .Where(k => k.Prefix == prefix)
            .Select(k => new KeyRecord(k.Id, k.TenantId, k.Hash, k.Scopes, k.ExpiresAt, k.RevokedAt, k.Tenant!.SuspendedAt != null))
            .FirstOrDefaultAsync(timeout.Token);
    }

    private sealed record KeyRecord(
        string Id, string TenantId, string Hash, List<string> Scopes, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool TenantSuspended);

    /// <summary>A cached answer, <see langword="null"/> record included: the prefix belongs to no key.</summary>
    private sealed record CachedKey(KeyRecord? Record);
}
