namespace Platform.Gateway.ApiKeys;

/// <summary>Who is calling, as established from a valid API key.</summary>
internal sealed record CallerIdentity(string TenantId, string ApiKeyId, IReadOnlyList<string> Scopes)
{
    /// <summary>Only the scopes stored with the key: an empty list grants nothing (keys get every scope written out at issue).</summary>
    public bool HasScope(string scope) => Scopes.Contains(scope);
}
