namespace Platform.Contracts.Retrieval;

/// <summary>Request: register a git remote (https, with an optional token) or an empty push repository.</summary>
public sealed record RegisterRepository
{
    public required string TenantId { get; init; }
    public required string Name { get; init; }
    /// <summary>Null for a repository whose files the client pushes.</summary>
    public string? GitUrl { get; init; }
    public string? AccessToken { get; init; }
    public string? Branch { get; init; }
}

/// <summary>Request: the tenant's repositories. Answered with <see cref="RepositoryList"/>.</summary>
public sealed record ListRepositories
{
    public required string TenantId { get; init; }
}

/// <summary>Request: one repository. Answered with <see cref="RepositoryFound"/> or <see cref="RetrievalRefused"/>.</summary>
public sealed record GetRepository
{
    public required string TenantId { get; init; }
    public required string RepositoryId { get; init; }
}

/// <summary>Request: delete a repository, its chunks and its mirror.</summary>
public sealed record DeleteRepository
{
    public required string TenantId { get; init; }
    public required string RepositoryId { get; init; }
}

/// <summary>Request: fetch a git repository now and index what its new commits changed.</summary>
public sealed record SyncRepository
{
    public required string TenantId { get; init; }
    public required string RepositoryId { get; init; }
}

/// <summary>Request: a batch of files for a push repository, keyed by path and content hash.</summary>
public sealed record PushRepositoryFiles
{
    public required string TenantId { get; init; }
    public required string RepositoryId { get; init; }
    public IReadOnlyList<PushedFile> Files { get; init; } = [];
    /// <summary>Paths that no longer exist.</summary>
    public IReadOnlyList<string> Deleted { get; init; } = [];
}

/// <summary>
/// A pushed file: its text, or only its SHA-256 (lower-case hex) when the client believes the service has it; a
/// hash the service does not know comes back in <see cref="RepositoryFilesAccepted.Missing"/>.
/// </summary>
public sealed record PushedFile(string Path, string? Content, string? Sha256);

public sealed record RepositoryList(IReadOnlyList<RepositorySummary> Repositories);

public sealed record RepositoryFound(RepositorySummary Repository);

public sealed record RepositoryDeleted(string RepositoryId);

/// <summary>A push batch taken: written to the journal and queued for indexing.</summary>
public sealed record RepositoryFilesAccepted(
    RepositorySummary Repository, int Accepted, int Unchanged, int Deleted, IReadOnlyList<string> Missing);

/// <summary>
/// A retrieval request refused: <c>not_found</c>, <c>invalid_request</c>, <c>conflict</c> or <c>unavailable</c>,
/// with a message the gateway shows as is.
/// </summary>
public sealed record RetrievalRefused(string Code, string Message);
