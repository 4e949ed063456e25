namespace Platform.Contracts.Retrieval;

/// <summary>Request: search the web, fetch the top pages and return their passages ranked against the query.</summary>
public sealed record SearchWeb
{
    public required string TenantId { get; init; }
    public required string Query { get; init; }
    public int TopK { get; init; } = 5;
}

public sealed record WebSearchResults(IReadOnlyList<WebSearchHit> Hits, bool FromCache);

/// <summary>A passage of a fetched page.</summary>
public sealed record WebSearchHit(string Url, string Title, string Text, double Score);
