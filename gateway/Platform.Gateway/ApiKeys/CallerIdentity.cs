namespace Platform.Gateway.ApiKeys;

/// <summary>Who is calling, as established from a valid API key.</summary>
internal sealed record CallerIdentity(string TenantId, string ApiKeyId, IReadOnlyList<string> Scopes)
{
    public bool HasScope(string scope) => Scopes.Count == 0 || Scopes.Contains(scope);
}
