using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.Retrieval.Web;

internal static class WebSearchExtensions
{
    public static IHostApplicationBuilder AddWebSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebSearchService>();
        return builder;
    }
}
