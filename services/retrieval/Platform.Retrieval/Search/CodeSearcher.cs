using System.Diagnostics;
using Microsoft.Extensions.Options;
using Platform.Retrieval.Embeddings;
using Platform.Retrieval.Index;

namespace Platform.Retrieval.Search;

/// <summary>Which rankers a search uses; the benchmark compares them, the API always fuses.</summary>
internal enum SearchMode
{
    Fused,
    Lexical,
    Semantic,
}

/// <summary>A search over one tenant's index: BM25 and embeddings, fused by reciprocal rank, capped per file.</summary>
internal sealed class CodeSearcher(TenantIndexes indexes, SentenceEncoder encoder, IOptions<RetrievalOptions> options, RetrievalMetrics metrics)
{
    public List<RankedChunk> Search(string tenantId, string query, ChunkFilter filter, int topK, SearchMode mode = SearchMode.Fused)
    {
        var settings = options.Value.Search;
        var index = indexes.For(tenantId);
        var total = Stopwatch.GetTimestamp();
        var candidates = Math.Max(settings.CandidatesPerRanker, topK * settings.MaxHitsPerFile);

        List<RankedChunk> lexical = [], semantic = [];
        if (mode != SearchMode.Semantic)
        {
            var started = Stopwatch.GetTimestamp();
            lexical = index.Lexical(query, filter, candidates, settings.MinLexicalScore);
            metrics.Stage("lexical", Stopwatch.GetElapsedTime(started));
        }

        if (mode != SearchMode.Lexical)
        {
            var started = Stopwatch.GetTimestamp();
            var vector = encoder.Encode(query);
            metrics.Stage("embed", Stopwatch.GetElapsedTime(started));
            started = Stopwatch.GetTimestamp();
            semantic = index.Semantic(vector, filter, candidates, settings.MinSemanticScore);
            metrics.Stage("vector", Stopwatch.GetElapsedTime(started));
        }

        var fusion = Stopwatch.GetTimestamp();
        var ranked = mode switch
        {
            SearchMode.Lexical => lexical,
            SearchMode.Semantic => semantic,
            _ => RankFusion.Fuse(settings.RrfK, lexical, semantic),
        };
        var hits = RankFusion.CapPerFile(ranked, settings.MaxHitsPerFile, topK);
        metrics.Stage("fusion", Stopwatch.GetElapsedTime(fusion));
        metrics.Stage("total", Stopwatch.GetElapsedTime(total));
        return hits;
    }
}
