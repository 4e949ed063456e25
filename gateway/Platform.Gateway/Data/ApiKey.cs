namespace Platform.Gateway.Data;

/// <summary>A tenant's API key. Only the public prefix and a hash of the secret are stored.</summary>
public sealed class ApiKey
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string Name { get; set; }
    /// <summary>The first characters of the key, safe to show in lists and logs.</summary>
    public required string Prefix { get; init; }
    /// <summary>Hex SHA-256 of the whole key.</summary>
    public required string Hash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Tenant? Tenant { get; init; }
}
