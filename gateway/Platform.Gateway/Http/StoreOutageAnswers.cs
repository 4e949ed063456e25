using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Gateway.Data;

namespace Platform.Gateway.Http;

/// <summary>
/// A request that needs the database while it is away (an API key or plan not in the cache) gets 503 with
/// <c>Retry-After</c> and problem+json, not a 500: whatever needs no database (cached keys and plans) keeps working.
/// </summary>
internal static class StoreOutageAnswers
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static IApplicationBuilder UseStoreOutageAnswers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (StoreUnavailableException.IsOutage(exception) && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreOutageAnswers).FullName!)
                .LogWarning("The gateway's database is unavailable: {Message}", exception.Message);
            context.Response.Clear();
            await WriteAsync(context);
        }
    });

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = ((long)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return GatewayProblems.Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            "The gateway's database cannot be reached, and this request needs it; retry shortly.", "store_unavailable")
            .ExecuteAsync(context);
    }
}
