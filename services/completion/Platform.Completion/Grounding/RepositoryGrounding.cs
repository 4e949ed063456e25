using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Completions;
using Platform.Contracts.Retrieval;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Completion.Grounding;

/// <summary>
/// Snippets of the tenant's indexed repository for the code around the cursor, asked of the retrieval service (the
/// shard owning the tenant) under the completion's time budget. A completion is latency-bound: when retrieval does not
/// answer within <see cref="CompletionRetrievalOptions.Budget"/> the completion goes on without it, and the late answer
/// is dropped.
/// </summary>
internal sealed class RepositoryGrounding(
    IBus bus, IOptions<CompletionOptions> options, IConfiguration configuration, RepositoryGroundingMetrics metrics,
    TimeProvider time, ILogger<RepositoryGrounding> logger)
{
    private readonly int _shards = Math.Max(1, configuration.GetValue("Retrieval:Shards", 1));

    /// <summary>The snippets to add after the plugin's own context; empty when the request names no repository.</summary>
    public async Task<IReadOnlyList<CodeSnippet>> FindAsync(CompleteCode request, CancellationToken cancellationToken)
    {
        var settings = options.Value.Retrieval;
        if (request.GitUrl is null && request.Repository is null || !settings.Enabled)
        {
            return [];
        }

        var started = time.GetTimestamp();
        var budget = Min(settings.Budget, request.Deadline - time.GetUtcNow());
        if (budget <= TimeSpan.Zero)
        {
            metrics.Skipped(0);
            return [];
        }

        var search = new SearchCode
        {
            TenantId = request.TenantId,
            Query = QueryAround(request.Prefix, request.Suffix, settings.QueryCharacters),
            GitUrl = request.GitUrl,
            Repositories = request.Repository is { } repository ? [repository] : null,
            Language = request.Language,
            TopK = settings.MaxSnippets + 2, // room for hits from the cursor's own file, which are dropped
            Deadline = time.GetUtcNow() + budget,
            ForCompletion = true,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            var client = bus.CreateRequestClient<SearchCode>(RetrievalQueues.Address(request.TenantId, _shards), RequestTimeout.After(ms: (int)Math.Ceiling(budget.TotalMilliseconds)));
            var response = await client.GetResponse<CodeSearchResults, RetrievalRefused>(search, timeout.Token);
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            if (!response.Is(out Response<CodeSearchResults>? found))
            {
                metrics.Failed(elapsed);
                logger.LogDebug("Retrieval refused completion {GenerationId}'s search: {Reason}", request.GenerationId, ((RetrievalRefused)response.Message).Message);
                return [];
            }

            var file = request.FilePath ?? request.Document?.Id;
            var snippets = found!.Message.Hits
                .Where(hit => !SameFile(file, hit.Path))
                .Take(settings.MaxSnippets)
                .Select(hit => new CodeSnippet(hit.Path, hit.Text, hit.Score))
                .ToList();
            metrics.Answered(snippets.Count, elapsed);
            return snippets;
        }
        catch (RequestFaultException exception)
        {
            metrics.Failed(time.GetElapsedTime(started).TotalMilliseconds);
            logger.LogDebug("Retrieval failed completion {GenerationId}'s search: {Fault}", request.GenerationId, exception.Fault?.Exceptions.FirstOrDefault()?.Message);
            return [];
        }
        catch (Exception exception) when (exception is RequestTimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            metrics.Skipped(elapsed);
            logger.LogDebug("Retrieval for completion {GenerationId} skipped: no answer within its {Budget} ms budget.",
                request.GenerationId, budget.TotalMilliseconds);
            return [];
        }
    }

    /// <summary>The end of the prefix (the code just before the cursor) and the start of the suffix, whole lines.</summary>
    internal static string QueryAround(string prefix, string? suffix, int characters)
    {
        var before = prefix.Length <= characters ? prefix : prefix[^characters..];
        var lineStart = before.IndexOf('\n');
        if (prefix.Length > characters && lineStart >= 0 && lineStart < before.Length - 1)
        {
            before = before[(lineStart + 1)..];
        }

        var afterRoom = characters / 4;
        var after = suffix is null ? "" : suffix.Length <= afterRoom ? suffix : suffix[..afterRoom];
        return (before + after).Trim();
    }

    /// <summary>
    /// Whether the editor's file (a repository-relative path, an absolute path or a <c>file://</c> URI) is the indexed
    /// <paramref name="indexedPath"/>: its snippets are already in the prompt as prefix and suffix.
    /// </summary>
    internal static bool SameFile(string? editorFile, string indexedPath)
    {
        if (string.IsNullOrEmpty(editorFile))
        {
            return false;
        }

        var editor = editorFile.Replace('\\', '/');
        var indexed = indexedPath.Replace('\\', '/').TrimStart('/');
        return editor.Equals(indexed, StringComparison.Ordinal)
            || editor.EndsWith("/" + indexed, StringComparison.Ordinal);
    }

    private static TimeSpan Min(TimeSpan left, TimeSpan right) => left < right ? left : right;
}
