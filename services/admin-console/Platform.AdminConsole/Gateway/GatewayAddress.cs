using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Platform.AdminConsole.Gateway;

/// <summary>
/// Where the admin API is: the configured gateway, or (embedded) this process's own first HTTP address, read once the
/// server listens.
/// </summary>
public sealed class GatewayAddress(IOptions<AdminConsoleOptions> options, IServer server)
{
    public Uri AdminApi => new(Root, "admin/v1/");

    public Uri Root
    {
        get
        {
            if (!string.IsNullOrEmpty(options.Value.GatewayUrl))
            {
                return new Uri(options.Value.GatewayUrl.TrimEnd('/') + "/");
            }

            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
                ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The server has no address yet; set AdminConsole:GatewayUrl.");
            var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
            if (uri.Host is "0.0.0.0" or "[::]")
            {
                uri.Host = "127.0.0.1";
            }

            uri.Path = "/";
            return uri.Uri;
        }
    }
}

/// <summary>Adds the console's credential to every admin API call that does not carry one of its own.</summary>
internal sealed class ConsoleCredentialHandler(IOptions<AdminConsoleOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", options.Value.GatewayToken);
        return base.SendAsync(request, cancellationToken);
    }
}
