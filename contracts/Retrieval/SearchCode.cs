namespace Platform.Contracts.Retrieval;

/// <summary>Request: search the tenant's indexed code. Answered with <see cref="CodeSearchResults"/>.</summary>
public sealed record SearchCode
{
    public required string TenantId { get; init; }
    public required string Query { get; init; }
    /// <summary>Repository ids or names to search; null or empty → all of the tenant's.</summary>
    public IReadOnlyList<string>? Repositories { get; init; }
    /// <summary>A git URL the editor knows the file by; resolved to the tenant's repository with that remote.</summary>
    public string? GitUrl { get; init; }
    public string? Language { get; init; }
    public int TopK { get; init; } = 10;
    /// <summary>When past this, the service answers with nothing rather than late (completion's time budget).</summary>
    public DateTimeOffset? Deadline { get; init; }
    /// <summary>The query is the code around an editor's cursor (code completion): the service takes its fast path.</summary>
    public bool ForCompletion { get; init; }
}

public sealed record CodeSearchResults(IReadOnlyList<CodeSearchHit> Hits, double ElapsedMs);

/// <summary>A snippet: lines <see cref="StartLine"/>–<see cref="EndLine"/> (1-based, inclusive) of a file.</summary>
public sealed record CodeSearchHit(
    string RepositoryId, string RepositoryName, string Path, string Language, int StartLine, int EndLine, string? Symbol,
    double Score, string Text);
