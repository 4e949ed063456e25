using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Retrieval;
using Platform.Retrieval.Embeddings;

namespace Platform.Retrieval.Web;

/// <summary>
/// A web question: the provider's results, their pages fetched through <see cref="SafeFetcher"/> in parallel,
/// turned into passages and ranked by embedding similarity to the question. A page that cannot be fetched
/// contributes the engine's snippet instead. Answers are cached per query (Redis when configured, else memory).
/// </summary>
internal sealed class WebSearchService(
    IServiceProvider services, SafeFetcher fetcher, SentenceEncoder encoder, IDistributedCache cache,
    IOptions<RetrievalOptions> options, ILogger<WebSearchService> logger)
{
    public async Task<object> SearchAsync(SearchWeb request, CancellationToken cancellationToken)
    {
        var provider = (IWebSearchProvider?)services.GetService(typeof(IWebSearchProvider));
        if (provider is null)
        {
            return new RetrievalRefused("unavailable", $"No web search provider is configured ({RetrievalOptions.Section}:Web:Provider).");
        }

        var key = "retrieval:web:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{request.TopK}\n{request.Query}")));
        if (await cache.GetAsync(key, cancellationToken) is { } cached)
        {
            return new WebSearchResults(JsonSerializer.Deserialize<List<WebSearchHit>>(cached) ?? [], FromCache: true);
        }

        IReadOnlyList<WebResult> results;
        try
        {
            results = await provider.SearchAsync(request.Query, options.Value.Web.PagesToFetch, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "The web search provider failed.");
            return new RetrievalRefused("unavailable", "The web search provider did not answer.");
        }

        var pages = await Task.WhenAll(results.Select(result => PassagesAsync(result, cancellationToken)));
        var candidates = pages.SelectMany(page => page).ToList();
        if (candidates.Count == 0)
        {
            return new WebSearchResults([], FromCache: false);
        }

        var question = encoder.Encode(request.Query);
        var vectors = encoder.EncodeBatch([.. candidates.Select(candidate => candidate.Text)], cancellationToken);
        var hits = candidates.Select((candidate, index) => candidate with { Score = System.Numerics.Tensors.TensorPrimitives.Dot(question, vectors[index]) })
            .OrderByDescending(hit => hit.Score)
            .GroupBy(hit => hit.Url).SelectMany(group => group.Take(2)) // at most two passages per page
            .OrderByDescending(hit => hit.Score).Take(request.TopK).ToList();
        await cache.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(hits),
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.Value.Web.CacheDuration }, cancellationToken);
        return new WebSearchResults(hits, FromCache: false);
    }

    private async Task<List<WebSearchHit>> PassagesAsync(WebResult result, CancellationToken cancellationToken)
    {
        try
        {
            var page = await fetcher.FetchAsync(result.Url, cancellationToken);
            var (title, text) = PageText.Extract(page.Body, page.MediaType);
            return [.. PageText.Passages(text).Take(40)
                .Select(passage => new WebSearchHit(page.Url.AbsoluteUri, title.Length > 0 ? title : result.Title, passage, 0))];
        }
        catch (Exception exception) when (exception is FetchRefusedException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Not using {Url}: {Reason}", result.Url, exception.Message);
            return result.Snippet.Length == 0 ? [] : [new WebSearchHit(result.Url.AbsoluteUri, result.Title, result.Snippet, 0)];
        }
    }
}
