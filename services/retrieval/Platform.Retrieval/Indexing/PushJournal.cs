using System.Text.Json;
using Platform.Retrieval.Repositories;

namespace Platform.Retrieval.Indexing;

/// <summary>A pushed batch as journaled: text files to (re)index and paths to drop.</summary>
internal sealed record PushBatch(List<PushBatch.Entry> Files, List<string> Deleted)
{
    public sealed record Entry(string Path, string Content);
}

/// <summary>
/// Pushed batches wait on disk until indexed: a push is acknowledged only once its batch is in the journal, and a
/// batch leaves the journal only after the index commit that holds it, so a restart loses nothing.
/// </summary>
internal sealed class PushJournal(TenantFolders folders)
{
    public async Task AppendAsync(string tenantId, string repositoryId, PushBatch batch, CancellationToken cancellationToken)
    {
        var folder = folders.Journal(tenantId, repositoryId);
        Directory.CreateDirectory(folder);
        // Names sort in arrival order: batches are applied in the order they were pushed.
        var name = $"{DateTime.UtcNow.Ticks:D20}-{Guid.NewGuid():N}";
        var temporary = Path.Combine(folder, name + ".tmp");
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(batch), cancellationToken);
        File.Move(temporary, Path.Combine(folder, name + ".json"));
    }

    public IReadOnlyList<string> Pending(string tenantId, string repositoryId)
    {
        var folder = folders.Journal(tenantId, repositoryId);
        return Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)] : [];
    }

    public static async Task<PushBatch> ReadAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return await JsonSerializer.DeserializeAsync<PushBatch>(stream, cancellationToken: cancellationToken)
            ?? new PushBatch([], []);
    }

    public void Clear(string tenantId, string repositoryId)
    {
        var folder = folders.Journal(tenantId, repositoryId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
