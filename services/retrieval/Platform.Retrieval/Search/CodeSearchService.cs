using Platform.Contracts.Retrieval;
using Platform.Retrieval.Index;
using Platform.Retrieval.Repositories;

namespace Platform.Retrieval.Search;

/// <summary>Resolves which of the tenant's repositories a search names, searches, and shapes the hits.</summary>
internal sealed class CodeSearchService(RepositoryCatalog catalog, CodeSearcher searcher, TimeProvider time)
{
    public async Task<object> SearchAsync(SearchCode request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (request.Deadline is { } deadline && deadline <= time.GetUtcNow())
        {
            return new CodeSearchResults([], 0);
        }

        var repositories = await catalog.ListAsync(request.TenantId, cancellationToken);
        var names = repositories.ToDictionary(record => record.Id, record => record.Name, StringComparer.Ordinal);
        HashSet<string>? allowed = null;
        if (request.Repositories is { Count: > 0 } wanted)
        {
            allowed = [.. repositories.Where(record => wanted.Contains(record.Id) || wanted.Contains(record.Name)).Select(record => record.Id)];
            var unknown = wanted.Where(name => !repositories.Any(record => record.Id == name || record.Name == name)).ToList();
            if (unknown.Count > 0)
            {
                return new RetrievalRefused("not_found", $"No repository named {string.Join(", ", unknown.Select(name => $"'{name}'"))}.");
            }
        }

        if (request.GitUrl is not null)
        {
            var matching = repositories.Where(record => record.GitUrl is not null && SameRemote(record.GitUrl, request.GitUrl)).Select(record => record.Id);
            allowed = allowed is null ? [.. matching] : [.. allowed.Intersect(matching)];
        }

        if (allowed is { Count: 0 } || repositories.Count == 0)
        {
            return new CodeSearchResults([], time.GetElapsedTime(started).TotalMilliseconds);
        }

        var filter = new ChunkFilter(allowed, request.Language);
        var hits = request.ForCompletion
            ? searcher.SearchForCompletion(request.TenantId, request.Query, filter, request.TopK)
            : searcher.Search(request.TenantId, request.Query, filter, request.TopK, deadline: request.Deadline);
        if (request.Deadline is { } late && late <= time.GetUtcNow())
        {
            return new CodeSearchResults([], time.GetElapsedTime(started).TotalMilliseconds); // too late to be used: say so
        }

        return new CodeSearchResults(
            [.. hits.Select(hit => new CodeSearchHit(hit.Chunk.RepositoryId, names.GetValueOrDefault(hit.Chunk.RepositoryId, ""),
                hit.Chunk.Path, hit.Chunk.Language, hit.Chunk.StartLine, hit.Chunk.EndLine, hit.Chunk.Symbol, hit.Score, hit.Chunk.Text))],
            time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Remotes compared without scheme, credentials, trailing <c>.git</c> or slash, case-insensitively.</summary>
    public static bool SameRemote(string left, string right) =>
        string.Equals(Normalise(left), Normalise(right), StringComparison.OrdinalIgnoreCase);

    private static string Normalise(string remote)
    {
        var text = remote.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme != "file")
        {
            text = uri.Host + uri.AbsolutePath;
        }
        else if (text.Contains('@', StringComparison.Ordinal) && text.Contains(':', StringComparison.Ordinal))
        {
            text = text[(text.IndexOf('@', StringComparison.Ordinal) + 1)..].Replace(':', '/'); // git@host:owner/name
        }

        text = text.TrimEnd('/');
        return text.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? text[..^4] : text;
    }
}
