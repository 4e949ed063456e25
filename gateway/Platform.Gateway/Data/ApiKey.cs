namespace Platform.Gateway.Data;

/// <summary>A tenant's API key. Only the public lookup prefix and a keyed hash of the whole key are stored.</summary>
public sealed class ApiKey
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string Name { get; set; }
    /// <summary>The first characters of the key: unique, safe to show in lists and logs, used to find the key.</summary>
    public required string Prefix { get; init; }
    /// <summary>Hex HMAC-SHA256 of the whole key under the deployment's pepper.</summary>
    public required string Hash { get; init; }
    public List<string> Scopes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Tenant? Tenant { get; init; }
}
