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

/// <summary>Each ranker's candidates for one query, best first, before fusion and the per-file cap.</summary>
internal sealed record RankerLists(List<RankedChunk> Lexical, List<RankedChunk> Semantic);

/// <summary>
/// A search over one tenant's index: BM25 and embeddings, fused, capped per file. A completion's search (the code
/// around a cursor, on a budget of milliseconds) takes the fast path: BM25 over the window's identifiers only.
/// </summary>
internal sealed class CodeSearcher(TenantIndexes indexes, SentenceEncoder encoder, IOptions<RetrievalOptions> options, RetrievalMetrics metrics,
    TimeProvider time)
{
    public List<RankedChunk> Search(string tenantId, string query, ChunkFilter filter, int topK, SearchMode mode = SearchMode.Fused,
        DateTimeOffset? deadline = null)
    {
        var settings = options.Value.Search;
        var total = Stopwatch.GetTimestamp();
        var lists = Candidates(tenantId, query, filter, Math.Max(settings.CandidatesPerRanker, topK * settings.MaxHitsPerFile), mode, deadline);
        var fusion = Stopwatch.GetTimestamp();
        var ranked = mode switch
        {
            SearchMode.Lexical => lists.Lexical,
            SearchMode.Semantic => lists.Semantic,
            _ => RankFusion.Fuse(FusionSettings.From(settings), lists.Lexical, lists.Semantic),
        };
        var hits = RankFusion.CapPerFile(ranked, settings.MaxHitsPerFile, topK);
        metrics.Stage("fusion", Stopwatch.GetElapsedTime(fusion));
        metrics.Stage("total", Stopwatch.GetElapsedTime(total));
        return hits;
    }

    /// <summary>Both rankers' candidates; the semantic one is skipped when the deadline has passed after BM25.</summary>
    public RankerLists Candidates(string tenantId, string query, ChunkFilter filter, int candidates, SearchMode mode = SearchMode.Fused,
        DateTimeOffset? deadline = null)
    {
        var settings = options.Value.Search;
        var index = indexes.For(tenantId);
        List<RankedChunk> lexical = [], semantic = [];
        if (mode != SearchMode.Semantic)
        {
            var started = Stopwatch.GetTimestamp();
            lexical = index.Lexical(query, filter, candidates, settings.MinLexicalScore);
            metrics.Stage("lexical", Stopwatch.GetElapsedTime(started));
        }

        if (mode != SearchMode.Lexical && (deadline is null || time.GetUtcNow() < deadline))
        {
            var started = Stopwatch.GetTimestamp();
            var vector = encoder.Encode(query);
            metrics.Stage("embed", Stopwatch.GetElapsedTime(started));
            started = Stopwatch.GetTimestamp();
            semantic = index.Semantic(vector, filter, candidates, settings.MinSemanticScore);
            metrics.Stage("vector", Stopwatch.GetElapsedTime(started));
        }

        return new RankerLists(lexical, semantic);
    }

    /// <summary>
    /// Code completion's retrieval: the identifiers of the code before the cursor (nearest first) as BM25 terms, whole
    /// identifiers only, definitions weighted up — no query embedding, whose cost alone is over a completion's budget.
    /// </summary>
    public List<RankedChunk> SearchForCompletion(string tenantId, string window, ChunkFilter filter, int topK)
    {
        var settings = options.Value.Search;
        var started = Stopwatch.GetTimestamp();
        var identifiers = CursorIdentifiers.Extract(window, settings.CompletionTerms);
        var ranked = indexes.For(tenantId).LexicalIdentifiers(identifiers, filter, topK * settings.MaxHitsPerFile);
        var hits = RankFusion.CapPerFile(ranked, settings.MaxHitsPerFile, topK);
        metrics.Stage("completion", Stopwatch.GetElapsedTime(started));
        return hits;
    }
}
