using Platform.Retrieval.Index;

namespace Platform.Retrieval.Search;

/// <summary>Reciprocal-rank fusion: each list adds 1 / (k + rank) to a chunk's score; ranks start at 1.</summary>
internal static class RankFusion
{
    public static List<RankedChunk> Fuse(int k, params IReadOnlyList<RankedChunk>[] lists)
    {
        var scores = new Dictionary<string, (IndexedChunk Chunk, double Score)>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            for (var rank = 0; rank < list.Count; rank++)
            {
                var chunk = list[rank].Chunk;
                var add = 1.0 / (k + rank + 1);
                scores[chunk.Id] = scores.TryGetValue(chunk.Id, out var existing) ? (chunk, existing.Score + add) : (chunk, add);
            }
        }

        return [.. scores.Values.OrderByDescending(entry => entry.Score).ThenBy(entry => entry.Chunk.Id, StringComparer.Ordinal)
            .Select(entry => new RankedChunk(entry.Chunk, entry.Score))];
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
