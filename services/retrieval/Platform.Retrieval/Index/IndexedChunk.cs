namespace Platform.Retrieval.Index;

/// <summary>A chunk as held in memory for search: what a hit shows, and its embedding.</summary>
internal sealed record IndexedChunk(
    string Id, string RepositoryId, string Path, string Language, int StartLine, int EndLine, string? Symbol, string Text, float[] Vector);

/// <summary>What the index knows of one file: its content hash and its chunks.</summary>
internal sealed record IndexedFile(string RepositoryId, string Path, string Hash, long Bytes, IReadOnlyList<string> ChunkIds);

/// <summary>Which chunks a search may return.</summary>
internal sealed record ChunkFilter(IReadOnlySet<string>? Repositories, string? Language)
{
    public static readonly ChunkFilter All = new(null, null);

    public bool Allows(IndexedChunk chunk) =>
        (Repositories is null || Repositories.Contains(chunk.RepositoryId))
        && (Language is null || string.Equals(chunk.Language, Language, StringComparison.Ordinal));
}

/// <summary>A ranked candidate from one ranker.</summary>
internal readonly record struct RankedChunk(IndexedChunk Chunk, double Score);
