using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Platform.Contracts.Retrieval;
using Platform.Retrieval.Index;
using Platform.Retrieval.Indexing;

namespace Platform.Retrieval.Repositories;

/// <summary>What the API can do with a tenant's repositories; every outcome is a contract message.</summary>
internal sealed class RepositoryService(
    RepositoryCatalog catalog, TenantFolders folders, TenantIndexes indexes, IndexingQueue queue, PushJournal journal,
    AccessTokenSeal seal, IOptions<RetrievalOptions> options, TimeProvider time)
{
    public const int MaxRepositoriesPerTenant = 200;

    public async Task<object> RegisterAsync(RegisterRepository request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            return new RetrievalRefused("invalid_request", "name: must be 1 to 100 characters.");
        }

        if (request.GitUrl is not null && RemoteProblem(request.GitUrl) is { } problem)
        {
            return new RetrievalRefused("invalid_request", "git_url: " + problem);
        }

        var id = "repo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var record = new RepositoryRecord
        {
            Id = id,
            Name = request.Name,
            GitUrl = request.GitUrl,
            SealedAccessToken = string.IsNullOrEmpty(request.AccessToken) ? null : seal.Seal(request.AccessToken, request.TenantId, id),
            Branch = string.IsNullOrWhiteSpace(request.Branch) ? null : request.Branch,
            CreatedAt = time.GetUtcNow(),
            State = request.GitUrl is null ? "ready" : "queued",
        };
        var refusal = await catalog.UpdateAsync(request.TenantId, records =>
        {
            if (records.Any(existing => existing.Name == request.Name))
            {
                return new RetrievalRefused("conflict", $"A repository named '{request.Name}' already exists.");
            }

            if (records.Count >= MaxRepositoriesPerTenant)
            {
                return new RetrievalRefused("invalid_request", $"A tenant may have at most {MaxRepositoriesPerTenant} repositories.");
            }

            records.Add(record);
            return null;
        }, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (record.GitUrl is not null)
        {
            queue.Enqueue(request.TenantId, record.Id);
        }

        return new RepositoryFound(Summary(record));
    }

    public async Task<RepositoryList> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        new([.. (await catalog.ListAsync(tenantId, cancellationToken)).Select(Summary)]);

    public async Task<object> GetAsync(string tenantId, string repositoryId, CancellationToken cancellationToken) =>
        await catalog.FindAsync(tenantId, repositoryId, cancellationToken) is { } record
            ? new RepositoryFound(Summary(record))
            : NotFound(repositoryId);

    public async Task<object> DeleteAsync(string tenantId, string repositoryId, CancellationToken cancellationToken)
    {
        var removed = await catalog.UpdateAsync(tenantId, records => records.RemoveAll(record => record.Id == repositoryId) > 0, cancellationToken);
        if (!removed)
        {
            return NotFound(repositoryId);
        }

        var index = indexes.For(tenantId);
        index.DeleteRepository(repositoryId);
        index.Commit(new Dictionary<string, string?>
        {
            [RepositoryIndexer.CommitKey(repositoryId)] = null,
            [RepositoryIndexer.PendingKey(repositoryId)] = null,
        });
        journal.Clear(tenantId, repositoryId);
        var mirror = folders.Mirror(tenantId, repositoryId);
        if (Directory.Exists(mirror))
        {
            Directory.Delete(mirror, recursive: true);
        }

        return new RepositoryDeleted(repositoryId);
    }

    public async Task<object> SyncAsync(string tenantId, string repositoryId, CancellationToken cancellationToken)
    {
        var record = await catalog.FindAsync(tenantId, repositoryId, cancellationToken);
        if (record is null)
        {
            return NotFound(repositoryId);
        }

        if (record.GitUrl is null)
        {
            return new RetrievalRefused("invalid_request", "A push repository has no remote to sync; push its files instead.");
        }

        await catalog.UpdateAsync(tenantId, repositoryId, current => current.State = current.State == "indexing" ? "indexing" : "queued", cancellationToken);
        queue.Enqueue(tenantId, repositoryId);
        return new RepositoryFound(Summary((await catalog.FindAsync(tenantId, repositoryId, cancellationToken))!));
    }

    /// <summary>Drops files whose hash the index already has, journals the rest and queues indexing.</summary>
    public async Task<object> PushAsync(PushRepositoryFiles request, CancellationToken cancellationToken)
    {
        var record = await catalog.FindAsync(request.TenantId, request.RepositoryId, cancellationToken);
        if (record is null)
        {
            return NotFound(request.RepositoryId);
        }

        if (record.GitUrl is not null)
        {
            return new RetrievalRefused("invalid_request", "This repository is indexed from its git remote; files cannot be pushed to it.");
        }

        var index = indexes.For(request.TenantId);
        var batch = new PushBatch([], [.. request.Deleted.Where(path => index.File(record.Id, path) is not null)]);
        var missing = new List<string>();
        var unchanged = 0;
        foreach (var file in request.Files)
        {
            var known = index.File(record.Id, file.Path)?.Hash;
            var hash = file.Content is null ? file.Sha256 : FileIndexer.Hash(System.Text.Encoding.UTF8.GetBytes(file.Content));
            if (known is not null && known == hash)
            {
                unchanged++;
            }
            else if (file.Content is null)
            {
                missing.Add(file.Path);
            }
            else
            {
                batch.Files.Add(new PushBatch.Entry(file.Path, file.Content));
            }
        }

        if (batch.Files.Count > 0 || batch.Deleted.Count > 0)
        {
            await journal.AppendAsync(request.TenantId, record.Id, batch, cancellationToken);
            await catalog.UpdateAsync(request.TenantId, record.Id, current => current.State = current.State == "indexing" ? "indexing" : "queued", cancellationToken);
            queue.Enqueue(request.TenantId, record.Id);
        }

        var current = await catalog.FindAsync(request.TenantId, record.Id, cancellationToken) ?? record;
        return new RepositoryFilesAccepted(Summary(current), batch.Files.Count, unchanged, batch.Deleted.Count, missing);
    }

    private string? RemoteProblem(string gitUrl)
    {
        if (!Uri.TryCreate(gitUrl, UriKind.Absolute, out var uri))
        {
            return "must be an absolute URL.";
        }

        return uri.Scheme switch
        {
            "https" => null,
            "file" when options.Value.AllowFileRemotes => null,
            "file" => "file:// remotes are disabled (Retrieval:AllowFileRemotes).",
            _ => "must be an https:// URL.",
        };
    }

    private static RetrievalRefused NotFound(string repositoryId) => new("not_found", $"No repository '{repositoryId}'.");

    public static RepositorySummary Summary(RepositoryRecord record) => new()
    {
        Id = record.Id,
        Name = record.Name,
        Source = record.GitUrl is null ? "push" : "git",
        GitUrl = record.GitUrl,
        Branch = record.Branch,
        CreatedAt = record.CreatedAt,
        Indexing = new IndexingProgress
        {
            State = record.State,
            Files = record.Files,
            Chunks = record.Chunks,
            Bytes = record.Bytes,
            LastCommit = record.LastCommit,
            ProcessedFiles = record.ProcessedFiles,
            PlannedFiles = record.PlannedFiles,
            Errors = record.Errors,
            LastDurationMs = record.LastDurationMs,
            IndexedAt = record.IndexedAt,
            Resumed = record.Resumed,
        },
    };
}
