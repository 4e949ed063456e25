using System.Collections.Concurrent;
using System.Text.Json;

namespace Platform.Retrieval.Repositories;

/// <summary>
/// Each tenant's repositories, in <c>repositories.json</c> beside the tenant's index (written to a temporary file and
/// renamed, so a crash leaves the old or the new catalog, never half of one).
/// </summary>
internal sealed class RepositoryCatalog(TenantFolders folders)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<List<RepositoryRecord>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var file = CatalogFile(tenantId);
        if (!File.Exists(file))
        {
            return [];
        }

        await using var stream = File.OpenRead(file);
        return await JsonSerializer.DeserializeAsync<List<RepositoryRecord>>(stream, Json, cancellationToken) ?? [];
    }

    public async Task<RepositoryRecord?> FindAsync(string tenantId, string repositoryId, CancellationToken cancellationToken = default) =>
        (await ListAsync(tenantId, cancellationToken)).FirstOrDefault(record => record.Id == repositoryId);

    /// <summary>Reads, changes and writes the tenant's catalog under the tenant's lock; returns what the change returned.</summary>
    public async Task<T> UpdateAsync<T>(string tenantId, Func<List<RepositoryRecord>, T> change, CancellationToken cancellationToken = default)
    {
        var gate = _locks.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var records = await ListAsync(tenantId, cancellationToken);
            var result = change(records);
            var file = CatalogFile(tenantId);
            var temporary = file + ".tmp";
            await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(records, Json), cancellationToken);
            File.Move(temporary, file, overwrite: true);
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Changes one repository's record, if it still exists.</summary>
    public Task UpdateAsync(string tenantId, string repositoryId, Action<RepositoryRecord> change, CancellationToken cancellationToken = default) =>
        UpdateAsync(tenantId, records =>
        {
            if (records.FirstOrDefault(record => record.Id == repositoryId) is { } record)
            {
                change(record);
            }

            return true;
        }, cancellationToken);

    private string CatalogFile(string tenantId) => Path.Combine(folders.Tenant(tenantId), "repositories.json");
}
