using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Gateway.Http;

namespace Platform.Gateway.ApiKeys;

/// <summary>
/// The pre-authentication limiter, per client address: a request whose key would cost a database lookup (a key-shaped
/// value whose prefix is not cached) draws from a token bucket, and once the bucket is empty it gets 429 with
/// Retry-After before authentication runs. Requests with no key or a cached prefix cost no lookup and pass untouched,
/// so a client using its key never meets this limit. Behind a proxy the address is the proxy's unless forwarded
/// headers are honoured (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>).
/// </summary>
internal static class KeyLookupLimiter
{
    private const string NoLookup = "no-lookup";

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = RejectAsync;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var presented = ApiKeyAuthenticationHandler.PresentedKey(context.Request);
        if (presented is null || context.RequestServices.GetRequiredService<ApiKeyValidator>().IsAnsweredWithoutLookup(presented))
        {
            return RateLimitPartition.GetNoLimiter(NoLookup);
        }

        var settings = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        return RateLimitPartition.GetTokenBucketLimiter(ClientAddress(context), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.KeyLookupBurstPerAddress,
            TokensPerPeriod = settings.KeyLookupsPerSecondPerAddress,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>An IPv4 address, or an IPv6 /64: one host is usually handed a whole /64.</summary>
    private static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        rejected.HttpContext.Response.Headers.RetryAfter =
            Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await GatewayProblems.Create(StatusCodes.Status429TooManyRequests, "Too many unknown keys",
                "This address presented more keys the gateway does not know than it may look up; retry later.", "too_many_key_lookups")
            .ExecuteAsync(rejected.HttpContext);
    }
}
