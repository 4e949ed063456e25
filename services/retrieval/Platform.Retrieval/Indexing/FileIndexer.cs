using System.Security.Cryptography;
using System.Text;
using Platform.Languages;
using Platform.Retrieval.Chunking;
using Platform.Retrieval.Embeddings;
using Platform.Retrieval.Index;

namespace Platform.Retrieval.Indexing;

/// <summary>A file's content to index.</summary>
internal sealed record SourceFile(string Path, byte[] Content);

/// <summary>What indexing a batch did.</summary>
internal sealed record BatchOutcome(int Indexed, int Unchanged, int Skipped, int Chunks, long Bytes, List<string> Errors);

/// <summary>
/// Files → chunks → embeddings → the tenant's index. A file whose content hash the index already has costs a hash
/// and nothing more; ctags runs once per batch; chunks are embedded in batches.
/// </summary>
internal sealed class FileIndexer(CtagsDefinitions ctags, DefinitionChunker chunker, FileFilter filter, SentenceEncoder encoder, RetrievalMetrics metrics)
{
    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<BatchOutcome> IndexAsync(TenantIndex index, string repositoryId, IReadOnlyList<SourceFile> files, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var work = new List<(SourceFile File, string Hash, string Text, Language? Language)>();
        int unchanged = 0, skipped = 0;
        foreach (var file in files)
        {
            var hash = Hash(file.Content);
            if (index.File(repositoryId, file.Path)?.Hash == hash)
            {
                unchanged++;
                continue;
            }

            if (filter.SkipReason(file.Path, file.Content.Length) is not null || FileFilter.IsBinary(file.Content))
            {
                index.DeleteFile(repositoryId, file.Path); // it may have been indexed before the rules or the content changed
                skipped++;
                continue;
            }

            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file.Content);
            }
            catch (DecoderFallbackException)
            {
                skipped++;
                errors.Add($"{file.Path}: not UTF-8 text");
                continue;
            }

            var firstLine = text.AsSpan(0, Math.Max(0, Math.Min(text.Length, text.IndexOf('\n') is var nl and >= 0 ? nl : text.Length))).ToString();
            work.Add((file, hash, text, LanguageTable.Detect(null, file.Path, firstLine)));
        }

        var definitions = await ctags.FindAsync(
            work.Select(item => (item.File.Path, item.Text, item.Language?.CtagsName)).ToList(), cancellationToken);
        var chunked = new List<(int Item, CodeChunk Chunk)>();
        for (var item = 0; item < work.Count; item++)
        {
            var language = work[item].Language?.Id ?? "plaintext";
            var blocks = work[item].Language?.Blocks ?? BlockStyle.None;
            foreach (var chunk in chunker.Chunk(work[item].File.Path, language, work[item].Text, definitions.GetValueOrDefault(item) ?? [], blocks))
            {
                chunked.Add((item, chunk));
            }
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var vectors = chunked.Count == 0 ? [] : encoder.EncodeBatch([.. chunked.Select(entry => ChunkEmbeddingText.For(entry.Chunk))], cancellationToken);
        metrics.EmbeddingTime(System.Diagnostics.Stopwatch.GetElapsedTime(started), chunked.Count);

        long bytes = 0;
        for (var item = 0; item < work.Count; item++)
        {
            var (file, hash, _, _) = work[item];
            var chunks = new List<IndexedChunk>();
            for (var entry = 0; entry < chunked.Count; entry++)
            {
                if (chunked[entry].Item == item)
                {
                    var chunk = chunked[entry].Chunk;
                    chunks.Add(new IndexedChunk($"{repositoryId}:{chunk.Path}:{chunk.StartLine}-{chunk.EndLine}", repositoryId,
                        chunk.Path, chunk.Language, chunk.StartLine, chunk.EndLine, chunk.Symbol, chunk.Text, vectors[entry]));
                }
            }

            index.ReplaceFile(repositoryId, file.Path, hash, file.Content.Length, chunks);
            bytes += file.Content.Length;
        }

        metrics.Indexed(work.Count, chunked.Count, bytes);
        return new BatchOutcome(work.Count, unchanged, skipped, chunked.Count, bytes, errors);
    }
}
