using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Platform.Retrieval.Web;

/// <summary>A search engine's result: where, what it is called, and the engine's own snippet.</summary>
internal sealed record WebResult(Uri Url, string Title, string Snippet);

/// <summary>A web search engine the service asks for result URLs.</summary>
internal interface IWebSearchProvider
{
    Task<IReadOnlyList<WebResult>> SearchAsync(string query, int count, CancellationToken cancellationToken);
}

/// <summary>searx / SearXNG: <c>GET {endpoint}/search?q=…&amp;format=json</c> → <c>results[] {url, title, content}</c>.</summary>
internal sealed class SearxProvider(HttpClient http, IOptions<RetrievalOptions> options) : IWebSearchProvider
{
    public async Task<IReadOnlyList<WebResult>> SearchAsync(string query, int count, CancellationToken cancellationToken)
    {
        var endpoint = options.Value.Web.Endpoint!.TrimEnd('/');
        var body = await http.GetFromJsonAsync<JsonElement>($"{endpoint}/search?q={Uri.EscapeDataString(query)}&format=json", cancellationToken);
        return Results(body, "results", "content", count);
    }

    internal static List<WebResult> Results(JsonElement body, string array, string snippetField, int count)
    {
        var results = new List<WebResult>();
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return results;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
                && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri))
            {
                results.Add(new WebResult(uri, Text(item, "title"), Text(item, snippetField)));
                if (results.Count == count)
                {
                    break;
                }
            }
        }

        return results;
    }

    private static string Text(JsonElement item, string field) =>
        item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}

/// <summary>
/// Brave Search API: <c>GET {endpoint}/res/v1/web/search?q=…&amp;count=n</c> with <c>X-Subscription-Token</c> →
/// <c>web.results[] {url, title, description}</c>.
/// </summary>
internal sealed class BraveProvider(HttpClient http, IOptions<RetrievalOptions> options) : IWebSearchProvider
{
    public async Task<IReadOnlyList<WebResult>> SearchAsync(string query, int count, CancellationToken cancellationToken)
    {
        var web = options.Value.Web;
        var endpoint = (string.IsNullOrWhiteSpace(web.Endpoint) ? "https://api.search.brave.com" : web.Endpoint).TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{endpoint}/res/v1/web/search?q={Uri.EscapeDataString(query)}&count={count}");
        request.Headers.Add("X-Subscription-Token", web.ApiKey ?? "");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("web", out var results)
            ? SearxProvider.Results(results, "results", "description", count)
            : [];
    }
}
