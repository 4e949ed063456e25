using System.Collections.Concurrent;
using Platform.Retrieval.Embeddings;
using Platform.Retrieval.Repositories;

namespace Platform.Retrieval.Index;

/// <summary>The open index of each tenant this replica serves, opened on first use and kept open.</summary>
internal sealed class TenantIndexes(TenantFolders folders, SentenceEncoder encoder) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<TenantIndex>> _open = new(StringComparer.Ordinal);

    public TenantIndex For(string tenantId) =>
        _open.GetOrAdd(tenantId, id => new Lazy<TenantIndex>(() => new TenantIndex(folders.Index(id), encoder.Dimensions))).Value;

    /// <summary>Bytes on disk of every open index (the index-size gauge).</summary>
    public long SizeOnDisk() => _open.Values.Where(index => index.IsValueCreated).Sum(index => index.Value.SizeOnDisk());

    public void Dispose()
    {
        foreach (var index in _open.Values.Where(index => index.IsValueCreated))
        {
            index.Value.Dispose();
        }
    }
}
