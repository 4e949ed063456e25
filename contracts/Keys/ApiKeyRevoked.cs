namespace Platform.Contracts.Keys;

/// <summary>Published when a key is revoked; every gateway replica stops accepting it at once.</summary>
/// <param name="Prefix">The key's public lookup prefix (never the key).</param>
public sealed record ApiKeyRevoked(string KeyId, string TenantId, string Prefix, DateTimeOffset RevokedAt);
