using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Retrieval.Index;
using Platform.Retrieval.Repositories;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Retrieval.Indexing;

/// <summary>
/// Runs indexing in the background, one repository at a time. At start it resumes every repository of this
/// replica's tenants that was queued or mid-run (or has pushed batches waiting), marking interrupted runs as resumed.
/// </summary>
internal sealed class IndexingQueue(
    RepositoryIndexer indexer, RepositoryCatalog catalog, TenantFolders folders, TenantIndexes indexes, PushJournal journal,
    IOptions<RetrievalOptions> options, ILogger<IndexingQueue> logger) : BackgroundService
{
    private readonly Channel<(string Tenant, string Repository)> _work = Channel.CreateUnbounded<(string, string)>();
    private readonly ConcurrentDictionary<(string, string), byte> _queued = new();

    /// <summary>Queues a run unless one is already waiting (a run that has started will be followed by this one).</summary>
    public void Enqueue(string tenantId, string repositoryId)
    {
        if (_queued.TryAdd((tenantId, repositoryId), 0))
        {
            _work.Writer.TryWrite((tenantId, repositoryId));
        }
    }

    /// <summary>Whether this replica owns the tenant's index.</summary>
    public bool Owns(string tenantId) =>
        RetrievalQueues.ShardOf(tenantId, options.Value.Shards) == options.Value.Shard;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await ResumeAsync(stoppingToken);
        await foreach (var (tenant, repository) in _work.Reader.ReadAllAsync(stoppingToken))
        {
            _queued.TryRemove((tenant, repository), out _);
            try
            {
                await indexer.RunAsync(tenant, repository, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // the catalog still says "indexing": the next start resumes it
            }
        }
    }

    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        foreach (var tenant in folders.Tenants().Where(Owns))
        {
            foreach (var record in await catalog.ListAsync(tenant, cancellationToken))
            {
                var index = indexes.For(tenant);
                var interrupted = record.State == "indexing" || index.CommittedValue(RepositoryIndexer.PendingKey(record.Id)) is not null;
                if (interrupted || record.State == "queued" || journal.Pending(tenant, record.Id).Count > 0)
                {
                    if (interrupted)
                    {
                        logger.LogInformation("Resuming the interrupted indexing of repository {RepositoryId}.", record.Id);
                        await catalog.UpdateAsync(tenant, record.Id, current => current.Resumed = true, cancellationToken);
                    }

                    Enqueue(tenant, record.Id);
                }
            }
        }
    }
}
