using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Platform.Retrieval.Web;

internal static class WebSearchExtensions
{
    /// <summary>The configured provider, the safe fetcher, and the answer cache (Redis when a connection is set).</summary>
    public static IHostApplicationBuilder AddWebSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        builder.Services.AddSingleton(services => new SafeFetcher(
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetrievalOptions>>(),
            services.GetRequiredService<IHostResolver>(), services.GetService<IConnectObserver>()));
        builder.Services.AddSingleton<WebSearchService>();
        switch (builder.Configuration[$"{RetrievalOptions.Section}:Web:Provider"])
        {
            case "searx":
                builder.Services.AddHttpClient<IWebSearchProvider, SearxProvider>(http => http.Timeout = TimeSpan.FromSeconds(10));
                break;
            case "brave":
                builder.Services.AddHttpClient<IWebSearchProvider, BraveProvider>(http => http.Timeout = TimeSpan.FromSeconds(10));
                break;
        }

        var redis = builder.Configuration.GetConnectionString("redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddDistributedMemoryCache();
        }
        else
        {
            builder.Services.AddStackExchangeRedisCache(cache => cache.Configuration = redis);
        }

        return builder;
    }
}
