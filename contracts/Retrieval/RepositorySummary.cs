namespace Platform.Contracts.Retrieval;

/// <summary>A tenant's repository and its indexing progress, as the API shows it (never its access token).</summary>
public sealed record RepositorySummary
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary><c>git</c> (cloned from <see cref="GitUrl"/>) or <c>push</c> (files sent by the client).</summary>
    public required string Source { get; init; }
    public string? GitUrl { get; init; }
    public string? Branch { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IndexingProgress Indexing { get; init; }
}

/// <summary>Where a repository's indexing stands.</summary>
public sealed record IndexingProgress
{
    /// <summary><c>queued</c>, <c>indexing</c>, <c>ready</c> or <c>failed</c>.</summary>
    public required string State { get; init; }
    public int Files { get; init; }
    public int Chunks { get; init; }
    public long Bytes { get; init; }
    public string? LastCommit { get; init; }
    /// <summary>Files done of those planned in the run under way (or the last run).</summary>
    public int ProcessedFiles { get; init; }
    public int PlannedFiles { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];
    public double? LastDurationMs { get; init; }
    public DateTimeOffset? IndexedAt { get; init; }
    /// <summary>The run was interrupted (a restart) and started again where its last commit left it.</summary>
    public bool Resumed { get; init; }
}
