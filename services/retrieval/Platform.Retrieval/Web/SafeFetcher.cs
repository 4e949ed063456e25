using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace Platform.Retrieval.Web;

/// <summary>A page fetched: the final URL (after redirects), its media type and text.</summary>
internal sealed record FetchedPage(Uri Url, string MediaType, string Body);

/// <summary>A fetch refused before any byte was sent, or cut off by a cap; the message says which rule.</summary>
internal sealed class FetchRefusedException(string message) : Exception(message);

/// <summary>Sees every address the fetcher is about to open a socket to (tests prove nothing else is attempted).</summary>
internal interface IConnectObserver
{
    void Connecting(IPAddress address, int port);
}

/// <summary>
/// Fetches untrusted URLs (web search results) without letting them reach the service's own network: http/https
/// only; the name is resolved here and every address checked, and the socket is opened to a checked address from
/// inside <see cref="SocketsHttpHandler.ConnectCallback"/> — what was checked is what is connected, so a DNS answer
/// that changes between check and use (rebinding) cannot slip through. Redirects are followed by hand, each hop
/// checked the same way; size, time and content type are capped; no proxy.
/// </summary>
internal sealed class SafeFetcher : IDisposable
{
    private static readonly string[] TextTypes = ["text/html", "application/xhtml+xml", "text/plain"];

    private readonly HttpClient _http;
    private readonly IHostResolver _resolver;
    private readonly AddressPolicy _policy;
    private readonly IConnectObserver? _observer;
    private readonly WebOptions _options;

    public SafeFetcher(IOptions<RetrievalOptions> options, IHostResolver resolver, IConnectObserver? observer = null)
    {
        _options = options.Value.Web;
        _resolver = resolver;
        _observer = observer;
        _policy = new AddressPolicy([.. _options.AllowedNetworks.Select(IPNetwork.Parse)]);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = _options.FetchTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = _options.FetchTimeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("PlatformRetrieval/1.0 (+web search grounding)");
    }

    public async Task<FetchedPage> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        var current = url;
        for (var hop = 0; ; hop++)
        {
            await CheckAsync(current, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,text/plain;q=0.9");
            using var response = await SendAsync(request, cancellationToken);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                if (hop >= _options.MaxRedirects)
                {
                    throw new FetchRefusedException($"Refused {url}: more than {_options.MaxRedirects} redirects.");
                }

                current = location.IsAbsoluteUri ? location : new Uri(current, location);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new FetchRefusedException($"{current} answered {(int)response.StatusCode}.");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            if (!TextTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            {
                throw new FetchRefusedException($"Refused {current}: content type '{mediaType}' is not a web page.");
            }

            if (response.Content.Headers.ContentLength > _options.MaxPageBytes)
            {
                throw new FetchRefusedException($"Refused {current}: larger than {_options.MaxPageBytes} bytes.");
            }

            return new FetchedPage(current, mediaType, await ReadCappedAsync(response.Content, cancellationToken));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException exception) when (exception.InnerException is FetchRefusedException refused)
        {
            throw new FetchRefusedException(refused.Message); // refused in the connect callback, on the address it would have used
        }
    }

    /// <summary>The URL-level rules: scheme, and for an IP literal in any spelling, the address rules.</summary>
    public async Task CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new FetchRefusedException($"Refused {url}: only http and https URLs are fetched.");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new FetchRefusedException($"Refused {url}: URLs with credentials are not fetched.");
        }

        await AddressesAsync(url.IdnHost, cancellationToken);
    }

    /// <summary>The host's addresses, every one of them allowed, or a refusal naming the first that is not.</summary>
    private async Task<IPAddress[]> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = HostAddresses.Literal(host) is { } literal ? [literal] : await ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new FetchRefusedException($"Refused {host}: the name has no addresses.");
        }

        foreach (var address in addresses)
        {
            if (_policy.Refusal(address) is { } why)
            {
                throw new FetchRefusedException($"Refused {host}: {address} is {why}.");
            }
        }

        return addresses;
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await _resolver.ResolveAsync(host, cancellationToken);
        }
        catch (SocketException exception)
        {
            throw new FetchRefusedException($"Refused {host}: the name does not resolve ({exception.SocketErrorCode}).");
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await AddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var address = addresses[0];
        _observer?.Connecting(address, context.DnsEndPoint.Port);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<string> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[_options.MaxPageBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > _options.MaxPageBytes)
        {
            throw new FetchRefusedException($"Refused: the page is larger than {_options.MaxPageBytes} bytes.");
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    public void Dispose() => _http.Dispose();
}
