using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.Admin;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Http;

namespace Platform.Gateway.Extensions;

internal static class GatewayAuthenticationExtensions
{
    /// <summary>
    /// API keys and admin tokens: key validation and its cache, last-use tracking, the per-address limit on key lookups,
    /// both schemes and the admin policy.
    /// Needs <see cref="ApiKeyHasher"/>, <see cref="AdminTokens"/> and the gateway store registered beside it.
    /// </summary>
    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<KeyUsageTracker>();
        services.AddHostedService(provider => provider.GetRequiredService<KeyUsageTracker>());
        services.AddSingleton<ApiKeyValidator>();
        services.AddRateLimiter(KeyLookupLimiter.Configure);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AdminTokenAuthenticationHandler>(AdminTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminTokenAuthenticationHandler.PolicyName, policy => policy
                .AddAuthenticationSchemes(AdminTokenAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// The key-lookup limiter first: a refused request never reaches the database. A database outage met anywhere
    /// after (key lookup, plan) is answered with 503 + Retry-After.
    /// </summary>
    public static WebApplication UseGatewayAuthentication(this WebApplication app)
    {
        app.UseStoreOutageAnswers();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
