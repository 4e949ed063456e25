using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Apis;
using Platform.Gateway.Data;
using Platform.Gateway.Streaming;
using Platform.ServiceDefaults.Health;

namespace Platform.Gateway.Extensions;

public static class GatewayExtensions
{
    /// <summary>The public REST edge: API-key authentication, the OpenAI-compatible API, streaming back from the bus.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.AddGatewayStore();
        builder.AddPlatformRedis();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMemoryCache();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddHostedService<BootstrapTenantInitializer>();
        builder.Services.AddSingleton<ApiKeyValidator>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();

        builder.Services.AddSingleton<GenerationStreams>();
        builder.Services.AddSingleton<GenerationStreamListener>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GenerationStreamListener>());
        builder.Services.AddSingleton<CompletionDispatcher>();
        return builder;
    }

    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        var v1 = app.MapGroup("/v1").RequireAuthorization().WithTags("OpenAI");
        v1.MapCompletionsApi();
        v1.MapModelsApi();
        v1.MapChatCompletionsApi();
        v1.MapFimCompletionsApi();
        v1.MapCodeCompletionsApi();
        v1.MapCodeEventsApi();
        app.MapOpenApi();
        return app;
    }
}
