using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Retrieval.Web;

namespace Platform.Retrieval.Tests.Web;

public sealed class SafeFetcherTests
{
    private static readonly Dictionary<string, Func<IPAddress[]>> Names = new()
    {
        ["localhost.test"] = () => [IPAddress.Loopback],
        ["metadata.google.internal.test"] = () => [IPAddress.Parse("169.254.169.254")],
        ["mixed.test"] = () => [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.1")],
        ["v6private.test"] = () => [IPAddress.Parse("fd12:3456::1")],
        ["mapped.test"] = () => [IPAddress.Parse("::ffff:192.168.0.10")],
    };

    public static TheoryData<string> RefusedUrls() =>
    [
        "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/",
        "http://0x7f.0.0.1/", "http://localhost.test/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
        "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/", "http://metadata.google.internal.test/computeMetadata/v1/", "http://100.64.0.1/",
        "http://100.100.100.200/", "http://168.63.129.16/", "http://0.0.0.0/", "http://0/", "http://224.0.0.1/",
        "http://[ff02::1]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[64:ff9b::a00:1]/", "http://[2002:a00:1::]/",
        "http://[::10.0.0.1]/", "http://mixed.test/", "ftp://example.com/file", "file:///etc/passwd", "gopher://127.0.0.1:70/",
        "http://user:pass@example.com/", "http://192.0.2.1/", "http://198.18.0.1/", "http://255.255.255.255/",
        "http://v6private.test/", "http://3232235777/", "http://0xa9fea9fe/", "http://nxdomain.test/", "http://mapped.test/",
        "https://10.1.2.3:8443/admin",
    ];

    [Theory]
    [MemberData(nameof(RefusedUrls))]
    public async Task A_url_into_private_space_is_refused_before_any_connection(string url)
    {
        var guard = new ConnectGuard();
        using var fetcher = Fetcher(guard, allowed: []);

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(new Uri(url), CancellationToken.None));

        Assert.StartsWith("Refused", refused.Message, StringComparison.Ordinal);
        Assert.Empty(guard.Attempts);
    }

    [Fact]
    public async Task An_allowed_loopback_page_is_fetched_as_text()
    {
        await using var site = await LoopbackSite.StartAsync();
        var guard = new ConnectGuard();
        using var fetcher = Fetcher(guard, allowed: ["127.0.0.1/32"]);

        var page = await fetcher.FetchAsync(new Uri(site.Url, "/page"), CancellationToken.None);

        Assert.Contains("Loopback page", page.Body, StringComparison.Ordinal);
        Assert.Empty(guard.Violations);
    }

    [Theory]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://127.0.0.2/")]
    [InlineData("http://0x7f000002/")]
    [InlineData("http://metadata.google.internal.test/")]
    [InlineData("file:///etc/passwd")]
    public async Task A_redirect_into_private_space_is_refused_at_that_hop(string target)
    {
        await using var site = await LoopbackSite.StartAsync();
        var guard = new ConnectGuard();
        using var fetcher = Fetcher(guard, allowed: ["127.0.0.1/32"]);

        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() =>
            fetcher.FetchAsync(new Uri(site.Url, $"/redirect?to={Uri.EscapeDataString(target)}"), CancellationToken.None));

        Assert.StartsWith("Refused", refused.Message, StringComparison.Ordinal);
        Assert.All(guard.Attempts, address => Assert.Equal(IPAddress.Loopback, address));
        Assert.Empty(guard.Violations);
    }

    [Fact]
    public async Task A_name_that_rebinds_to_a_private_address_is_refused_on_the_connection_it_would_use()
    {
        await using var site = await LoopbackSite.StartAsync();
        var answers = 0;
        var names = new Dictionary<string, Func<IPAddress[]>>
        {
            // Public-looking first (allowed here as loopback), private on every later lookup.
            ["rebind.test"] = () => Interlocked.Increment(ref answers) == 1 ? [IPAddress.Loopback] : [IPAddress.Parse("10.0.0.7")],
        };
        var guard = new ConnectGuard();
        using var fetcher = new SafeFetcher(Options(["127.0.0.1/32"]), new TestResolver(names), guard);

        var url = new Uri($"http://rebind.test:{site.Url.Port}/page");
        await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(url, CancellationToken.None));

        Assert.Empty(guard.Violations);
        Assert.DoesNotContain(IPAddress.Parse("10.0.0.7"), guard.Attempts);
    }

    [Fact]
    public async Task A_page_over_the_size_cap_or_of_another_content_type_is_refused()
    {
        await using var site = await LoopbackSite.StartAsync();
        using var fetcher = Fetcher(new ConnectGuard(), allowed: ["127.0.0.1/32"], maxBytes: 4096);

        var large = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(new Uri(site.Url, "/large"), CancellationToken.None));
        var binary = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(new Uri(site.Url, "/binary"), CancellationToken.None));

        Assert.Contains("larger than 4096", large.Message, StringComparison.Ordinal);
        Assert.Contains("application/octet-stream", binary.Message, StringComparison.Ordinal);
    }

    private static SafeFetcher Fetcher(ConnectGuard guard, List<string> allowed, int maxBytes = 1 << 20) =>
        new(Options(allowed, maxBytes), new TestResolver(Names), guard);

    private static IOptions<RetrievalOptions> Options(List<string> allowed, int maxBytes = 1 << 20) =>
        Microsoft.Extensions.Options.Options.Create(new RetrievalOptions
        {
            Web = new WebOptions { AllowedNetworks = allowed, MaxPageBytes = maxBytes, FetchTimeout = TimeSpan.FromSeconds(30) },
        });
}

/// <summary>A small web site on 127.0.0.1: a page, redirects to anywhere, a large page and a binary file.</summary>
internal sealed class LoopbackSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackSite(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First());

    public static async Task<LoopbackSite> StartAsync(Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/page", () => Results.Content("<html><head><title>Loopback</title></head><body><main><p>Loopback page text.</p></main></body></html>", "text/html"));
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/large", () => Results.Content($"<html><body><p>{new string('x', 10_000)}</p></body></html>", "text/html"));
        app.MapGet("/binary", () => Results.Bytes(new byte[100], "application/octet-stream"));
        map?.Invoke(app);
        await app.StartAsync();
        return new LoopbackSite(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
