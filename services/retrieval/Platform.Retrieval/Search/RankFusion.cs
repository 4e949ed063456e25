using Platform.Retrieval.Index;

namespace Platform.Retrieval.Search;

/// <summary>How the lexical and the semantic list become one.</summary>
public enum FusionMethod
{
    /// <summary>Each list adds weight / (k + rank); ranks start at 1. Ignores the scores' scale.</summary>
    ReciprocalRank,

    /// <summary>
    /// A convex combination of each list's scores min-max normalised over its candidates; a chunk absent from a list
    /// gets 0 from it. Keeps how far ahead a hit is, which ranks throw away.
    /// </summary>
    NormalisedScore,
}

/// <summary>The fusion's settings: the method, the k of reciprocal rank, and the lexical list's share.</summary>
internal readonly record struct FusionSettings(FusionMethod Method, int RrfK, double LexicalWeight)
{
    public static FusionSettings From(SearchOptions options) => new(options.Fusion, options.RrfK, options.LexicalWeight);
}

internal static class RankFusion
{
    public static List<RankedChunk> Fuse(FusionSettings settings, IReadOnlyList<RankedChunk> lexical, IReadOnlyList<RankedChunk> semantic)
    {
        var scores = new Dictionary<string, (IndexedChunk Chunk, double Score)>(lexical.Count + semantic.Count, StringComparer.Ordinal);
        Add(scores, lexical, settings, settings.LexicalWeight);
        Add(scores, semantic, settings, 1 - settings.LexicalWeight);
        var fused = new List<RankedChunk>(scores.Count);
        foreach (var (chunk, score) in scores.Values)
        {
            fused.Add(new RankedChunk(chunk, score));
        }

        fused.Sort(static (left, right) => right.Score.CompareTo(left.Score) is var order and not 0
            ? order : string.CompareOrdinal(left.Chunk.Id, right.Chunk.Id));
        return fused;
    }

    private static void Add(Dictionary<string, (IndexedChunk Chunk, double Score)> scores, IReadOnlyList<RankedChunk> list,
        FusionSettings settings, double weight)
    {
        if (list.Count == 0 || weight <= 0)
        {
            return;
        }

        double highest = double.MinValue, lowest = double.MaxValue;
        foreach (var hit in list)
        {
            highest = Math.Max(highest, hit.Score);
            lowest = Math.Min(lowest, hit.Score);
        }

        var range = highest - lowest;
        for (var rank = 0; rank < list.Count; rank++)
        {
            var chunk = list[rank].Chunk;
            var add = settings.Method == FusionMethod.ReciprocalRank
                ? weight / (settings.RrfK + rank + 1)
                : weight * (range > 0 ? (list[rank].Score - lowest) / range : 1);
            scores[chunk.Id] = scores.TryGetValue(chunk.Id, out var existing) ? (chunk, existing.Score + add) : (chunk, add);
        }
    }

    /// <summary>The best <paramref name="count"/> with at most <paramref name="perFile"/> from any one file.</summary>
    public static List<RankedChunk> CapPerFile(IEnumerable<RankedChunk> ranked, int perFile, int count)
    {
        var perPath = new Dictionary<(string, string), int>();
        var kept = new List<RankedChunk>(count);
        foreach (var hit in ranked)
        {
            var key = (hit.Chunk.RepositoryId, hit.Chunk.Path);
            var seen = perPath.GetValueOrDefault(key);
            if (seen >= perFile)
            {
                continue;
            }

            perPath[key] = seen + 1;
            kept.Add(hit);
            if (kept.Count == count)
            {
                break;
            }
        }

        return kept;
    }
}
