using Microsoft.EntityFrameworkCore;
using Platform.Gateway.Data;

namespace Platform.Gateway.ApiKeys;

/// <summary>
/// Creates keys: random secret, unique public prefix, keyed hash. The secret itself is never stored. A key asked for
/// without scopes gets <see cref="ApiKeyScopes.All"/> written out, so what a key may do is always what its row says.
/// </summary>
internal sealed class ApiKeyIssuer(ApiKeyHasher hasher, TimeProvider time)
{

    public async Task<IssuedApiKey> IssueAsync(
        GatewayDbContext store, string tenantId, string name, IReadOnlyList<string>? scopes, DateTimeOffset? expiresAt,
        CancellationToken cancellationToken, string? secret = null, string? id = null)
    {
        if (scopes is { Count: 0 })
        {
            throw new ArgumentException("A key needs at least one scope; pass null for every scope.", nameof(scopes));
        }

        for (var attempt = 0; ; attempt++)
        {
            var key = secret ?? ApiKeyFormat.NewKey();
            var prefix = ApiKeyFormat.PublicPrefix(key);
            if (await store.ApiKeys.AnyAsync(k => k.Prefix == prefix, cancellationToken))
            {
                if (secret is not null || attempt >= 5)
                {
                    throw new InvalidOperationException("Could not find a free key prefix.");
                }

                continue; // 48 random bits in the prefix: a clash is rare, but possible
            }

            var record = new ApiKey
            {
                Id = id ?? $"key_{Guid.NewGuid():N}",
                TenantId = tenantId,
                Name = name,
                Prefix = prefix,
                Hash = hasher.Hash(key),
                Scopes = [.. scopes ?? ApiKeyScopes.All],
                CreatedAt = time.GetUtcNow(),
                ExpiresAt = expiresAt,
            };
            store.ApiKeys.Add(record);
            return new IssuedApiKey(record, key);
        }
    }
}
