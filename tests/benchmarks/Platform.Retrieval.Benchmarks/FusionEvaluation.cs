using Platform.Retrieval.Index;
using Platform.Retrieval.Search;

namespace Platform.Retrieval.Benchmarks;

internal enum RankerChoice
{
    Lexical,
    Semantic,
    Fused,
}

/// <summary>A query with both rankers' candidates, computed once and re-ranked under any fusion setting.</summary>
internal sealed record QueryCandidates(string Language, DocQuery Query, RankerLists Lists);

/// <summary>
/// recall@10 and MRR@10 of each ranker and of the fusion, with the per-file cap the service applies, and a grid search of
/// the fusion's settings on the tuning half of the queries only.
/// </summary>
internal sealed class FusionEvaluation(CodeSearcher searcher, string tenant, SearchOptions options)
{
    private const int TopK = 10;

    /// <summary>A file's queries all tune or all test: a stable hash of its path (FNV-1a) decides.</summary>
    public static bool IsTuning(string path)
    {
        var hash = 2166136261u;
        foreach (var c in path)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash % 2 == 0;
    }

    public List<QueryCandidates> Candidates(IReadOnlyList<(string Language, DocQuery Query)> entries) =>
        [.. entries.Select(entry => new QueryCandidates(entry.Language, entry.Query,
            searcher.Candidates(tenant, entry.Query.Query, ChunkFilter.All, Math.Max(options.CandidatesPerRanker, TopK * options.MaxHitsPerFile))))];

    public object Score(IReadOnlyList<QueryCandidates> queries, RankerChoice choice, FusionSettings settings)
    {
        var (recall, mrr) = Measure(queries, choice, settings);
        return new { recall_at_10 = Math.Round(recall, 4), mrr_at_10 = Math.Round(mrr, 4) };
    }

    /// <summary>The best setting on <paramref name="tuning"/> by recall@10 + MRR@10, and the best of each method.</summary>
    public (FusionSettings Best, List<object> Grid) Tune(IReadOnlyList<QueryCandidates> tuning)
    {
        var candidates = new List<FusionSettings>();
        foreach (var weight in new[] { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 })
        {
            candidates.Add(new FusionSettings(FusionMethod.NormalisedScore, options.RrfK, weight));
            foreach (var k in new[] { 10, 30, 60 })
            {
                candidates.Add(new FusionSettings(FusionMethod.ReciprocalRank, k, weight));
            }
        }

        var scored = candidates.Select(setting => (Setting: setting, Score: Measure(tuning, RankerChoice.Fused, setting)))
            .OrderByDescending(entry => entry.Score.Recall + entry.Score.Mrr).ToList();
        var grid = scored.GroupBy(entry => entry.Setting.Method).Select(group => group.First())
            .Select(entry => (object)new { setting = entry.Setting.ToString(), recall_at_10 = Math.Round(entry.Score.Recall, 4), mrr_at_10 = Math.Round(entry.Score.Mrr, 4) })
            .ToList();
        return (scored[0].Setting, grid);
    }

    private (double Recall, double Mrr) Measure(IReadOnlyList<QueryCandidates> queries, RankerChoice choice, FusionSettings settings)
    {
        if (queries.Count == 0)
        {
            return (0, 0);
        }

        double found = 0, reciprocal = 0;
        foreach (var (_, query, lists) in queries)
        {
            var ranked = choice switch
            {
                RankerChoice.Lexical => lists.Lexical,
                RankerChoice.Semantic => lists.Semantic,
                _ => RankFusion.Fuse(settings, lists.Lexical, lists.Semantic),
            };
            var hits = RankFusion.CapPerFile(ranked, options.MaxHitsPerFile, TopK);
            var rank = hits.FindIndex(hit => hit.Chunk.Path == query.Path && hit.Chunk.StartLine <= query.DefinitionLine && query.DefinitionLine <= hit.Chunk.EndLine);
            if (rank >= 0)
            {
                found++;
                reciprocal += 1.0 / (rank + 1);
            }
        }

        return (found / queries.Count, reciprocal / queries.Count);
    }
}
