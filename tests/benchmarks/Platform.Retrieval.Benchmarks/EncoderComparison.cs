using System.Diagnostics;
using Microsoft.Extensions.Options;
using Platform.Retrieval.Chunking;
using Platform.Retrieval.Embeddings;
using Platform.Retrieval.Index;

namespace Platform.Retrieval.Benchmarks;

/// <summary>
/// Embedding throughput of the same chunks two ways, in one run: what the index embeds (symbol and path as words, the
/// leading lines, 64 word pieces) against the earlier input (path, symbol and the raw chunk text, 128 word pieces).
/// </summary>
internal static class EncoderComparison
{
    public static object Measure(SentenceEncoder encoder, RetrievalOptions settings, IReadOnlyList<IndexedChunk> chunks)
    {
        var raw = new RetrievalOptions { Embedding = { MaxTokens = 128, BatchSize = settings.Embedding.BatchSize } };
        using var rawEncoder = new SentenceEncoder(Options.Create(raw));
        var summaries = chunks.Select(chunk => ChunkEmbeddingText.For(
            new CodeChunk(chunk.Path, chunk.Language, chunk.StartLine, chunk.EndLine, chunk.Symbol, chunk.Text))).ToList();
        var bodies = chunks.Select(chunk => chunk.Symbol is null ? $"{chunk.Path}\n{chunk.Text}" : $"{chunk.Path} {chunk.Symbol}\n{chunk.Text}").ToList();

        encoder.EncodeBatch(summaries.Take(8).ToList());
        rawEncoder.EncodeBatch(bodies.Take(8).ToList());
        var started = Stopwatch.GetTimestamp();
        encoder.EncodeBatch(summaries);
        var summarySeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        started = Stopwatch.GetTimestamp();
        rawEncoder.EncodeBatch(bodies);
        var bodySeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new
        {
            chunks = chunks.Count,
            indexed_input_chunks_per_second = Math.Round(chunks.Count / summarySeconds, 1),
            raw_128_piece_input_chunks_per_second = Math.Round(chunks.Count / bodySeconds, 1),
            speed_up = Math.Round(bodySeconds / summarySeconds, 2),
        };
    }
}
