using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Retrieval;

/// <summary>
/// A small documentation site on loopback: a search API in the shape searx's <c>json_engine</c> reads
/// (<c>/search.json?q=</c> → <c>results[] {url, title, content}</c>) and the HTML pages it points at, which the
/// retrieval service then fetches. It counts the searches it answered.
/// </summary>
public sealed class LocalSite : IAsyncDisposable
{
    public const string PagePath = "/docs/frobnicator-flags.html";
    public const string PageTitle = "Frobnicator flags reference";
    public const string PageFact = "The --turbo-frobnicate flag makes the frobnicator reuse its warm cache between runs";

    private WebApplication _app = null!;
    private int _searches;

    public Uri BaseAddress => _app.BaseAddress();

    public int Searches => Volatile.Read(ref _searches);

    public string PageUrl => new Uri(BaseAddress, PagePath).AbsoluteUri;

    /// <summary>The URL template searx's engine asks, <c>{query}</c> included.</summary>
    public string SearchUrlTemplate => new Uri(BaseAddress, "/search.json").AbsoluteUri + "?q={query}";

    public static async Task<LocalSite> StartAsync()
    {
        var site = new LocalSite();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        site._app = builder.Build();
        site._app.MapGet("/search.json", (HttpContext context) =>
        {
            Interlocked.Increment(ref site._searches);
            var results = new[]
            {
                new { url = site.PageUrl, title = PageTitle, content = "Every command-line flag of the frobnicator." },
            };
            return Results.Json(new { results });
        });
        site._app.MapGet(PagePath, () => Results.Content(Page, "text/html; charset=utf-8"));
        await site._app.StartAsync();
        return site;
    }

    private static string Page => $"""
        <!doctype html>
        <html><head><title>{PageTitle}</title></head>
        <body><nav><a href="/">Home</a></nav>
        <main><article>
        <h1>{PageTitle}</h1>
        <p>{WebUtility.HtmlEncode(PageFact)}, which cuts a full rebuild from minutes to seconds.</p>
        <p>The --dry-run flag prints the plan without touching any file.</p>
        </article></main></body></html>
        """;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
