namespace Platform.Retrieval.Repositories;

/// <summary>A tenant's repository as the catalog keeps it on disk.</summary>
internal sealed class RepositoryRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>The git remote (null for a pushed repository).</summary>
    public string? GitUrl { get; init; }

    /// <summary>
    /// The access token sent as the password of https fetches, sealed by <see cref="AccessTokenSeal"/>; never stored
    /// in the clear, returned by the API or logged.
    /// </summary>
    public string? SealedAccessToken { get; init; }

    /// <summary>The branch indexed; null until the first clone picks the remote's default.</summary>
    public string? Branch { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>queued, indexing, ready or failed.</summary>
    public string State { get; set; } = "queued";

    public int Files { get; set; }
    public int Chunks { get; set; }
    public long Bytes { get; set; }
    public string? LastCommit { get; set; }
    public List<string> Errors { get; set; } = [];
    public double? LastDurationMs { get; set; }
    public DateTimeOffset? IndexedAt { get; set; }

    /// <summary>Files done in the run under way, of <see cref="PlannedFiles"/>.</summary>
    public int ProcessedFiles { get; set; }
    public int PlannedFiles { get; set; }

    /// <summary>True when a run was cut short (a restart) and was started again from the last commit.</summary>
    public bool Resumed { get; set; }
}
