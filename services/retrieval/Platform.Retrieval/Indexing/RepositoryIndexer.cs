using System.Diagnostics;
using System.Text;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Platform.Retrieval.Chunking;
using Platform.Retrieval.Index;
using Platform.Retrieval.Repositories;

namespace Platform.Retrieval.Indexing;

/// <summary>
/// One indexing run of one repository: for a git remote, fetch and index what changed since the indexed commit; then
/// any pushed batches in the journal. Progress is written to the catalog after every batch. Each batch is committed
/// to the index, and the repository's indexed commit moves only when all of its files are in, so a run a restart
/// cuts short is simply run again (files already done are skipped by their hashes).
/// </summary>
internal sealed class RepositoryIndexer(
    RepositoryCatalog catalog, TenantFolders folders, TenantIndexes indexes, FileIndexer files, FileFilter filter,
    PushJournal journal, AccessTokenSeal seal, ILogger<RepositoryIndexer> logger)
{
    private const int BatchSize = 64;
    private const int MaxErrors = 20;

    public static string CommitKey(string repositoryId) => "commit:" + repositoryId;

    public static string PendingKey(string repositoryId) => "pending:" + repositoryId;

    public async Task RunAsync(string tenantId, string repositoryId, CancellationToken cancellationToken)
    {
        var record = await catalog.FindAsync(tenantId, repositoryId, cancellationToken);
        if (record is null)
        {
            return;
        }

        var index = indexes.For(tenantId);
        var started = Stopwatch.GetTimestamp();
        var errors = new List<string>();
        await catalog.UpdateAsync(tenantId, repositoryId, current =>
        {
            current.State = "indexing";
            current.ProcessedFiles = 0;
            current.PlannedFiles = 0;
        }, cancellationToken);
        try
        {
            if (record.GitUrl is not null)
            {
                await IndexGitAsync(tenantId, record, index, errors, cancellationToken);
            }

            foreach (var file in journal.Pending(tenantId, repositoryId))
            {
                var batch = await PushJournal.ReadAsync(file, cancellationToken);
                await catalog.UpdateAsync(tenantId, repositoryId, current => current.PlannedFiles += batch.Files.Count + batch.Deleted.Count, cancellationToken);
                await IndexChangesAsync(tenantId, repositoryId, index, [], batch.Deleted, errors, cancellationToken);
                foreach (var part in batch.Files.Chunk(BatchSize))
                {
                    var sources = part.Select(entry => new SourceFile(entry.Path, Encoding.UTF8.GetBytes(entry.Content))).ToList();
                    await IndexChangesAsync(tenantId, repositoryId, index, sources, [], errors, cancellationToken);
                    index.Commit();
                    cancellationToken.ThrowIfCancellationRequested();
                }

                // Out of the journal only once every file of the batch is committed; a restart before this re-applies
                // the batch, and the files already in cost only their hashes.
                index.Commit();
                File.Delete(file);
            }

            await FinishAsync(tenantId, repositoryId, index, "ready", errors, started, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Indexing repository {RepositoryId} of tenant {TenantId} failed.", repositoryId, tenantId);
            errors.Add(exception.Message);
            await FinishAsync(tenantId, repositoryId, index, "failed", errors, started, CancellationToken.None);
        }
    }

    private async Task IndexGitAsync(string tenantId, RepositoryRecord record, TenantIndex index, List<string> errors, CancellationToken cancellationToken)
    {
        var folder = folders.Mirror(tenantId, record.Id);
        var token = record.SealedAccessToken is { } sealedToken
            ? seal.Unseal(sealedToken, tenantId, record.Id)
                ?? throw new InvalidOperationException("The repository's access token cannot be unsealed (the token key changed); register the repository again.")
            : null;
        var (head, branch) = await Task.Run(() => GitMirror.Sync(folder, record, token), cancellationToken);
        var indexed = index.CommittedValue(CommitKey(record.Id));
        if (indexed != head)
        {
            using var git = new Repository(folder);
            var changes = GitMirror.Changes(git, indexed, head);
            index.Commit(new Dictionary<string, string?> { [PendingKey(record.Id)] = head });
            await catalog.UpdateAsync(tenantId, record.Id, current => current.PlannedFiles = changes.Count, cancellationToken);
            foreach (var batch in changes.Chunk(BatchSize))
            {
                var deleted = batch.Where(change => change.Deleted).Select(change => change.Path).ToList();
                var sources = new List<SourceFile>();
                foreach (var change in batch.Where(change => !change.Deleted))
                {
                    if (filter.SkipReason(change.Path, change.Size) is not null)
                    {
                        deleted.Add(change.Path); // skipped now: whatever an older rule indexed goes
                        continue;
                    }

                    sources.Add(new SourceFile(change.Path, change.Content!()));
                }

                await IndexChangesAsync(tenantId, record.Id, index, sources, deleted, errors, cancellationToken);
                index.Commit();
                cancellationToken.ThrowIfCancellationRequested();
            }

            index.Commit(new Dictionary<string, string?> { [CommitKey(record.Id)] = head, [PendingKey(record.Id)] = null });
        }

        await catalog.UpdateAsync(tenantId, record.Id, current =>
        {
            current.LastCommit = head;
            current.Branch = branch;
        }, cancellationToken);
    }

    private async Task IndexChangesAsync(string tenantId, string repositoryId, TenantIndex index, List<SourceFile> sources,
        List<string> deleted, List<string> errors, CancellationToken cancellationToken)
    {
        foreach (var path in deleted)
        {
            index.DeleteFile(repositoryId, path);
        }

        var outcome = await files.IndexAsync(index, repositoryId, sources, cancellationToken);
        errors.AddRange(outcome.Errors.Take(Math.Max(0, MaxErrors - errors.Count)));
        await catalog.UpdateAsync(tenantId, repositoryId, current => current.ProcessedFiles += sources.Count + deleted.Count, cancellationToken);
    }

    private async Task FinishAsync(string tenantId, string repositoryId, TenantIndex index, string state, List<string> errors,
        long started, CancellationToken cancellationToken)
    {
        var known = index.Files(repositoryId);
        var chunks = known.Sum(file => file.ChunkIds.Count);
        await catalog.UpdateAsync(tenantId, repositoryId, current =>
        {
            current.State = state;
            current.Errors = errors;
            current.Files = known.Count;
            current.Chunks = chunks;
            current.Bytes = known.Sum(file => file.Bytes);
            current.LastDurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            current.IndexedAt = DateTimeOffset.UtcNow;
        }, cancellationToken);
    }
}
