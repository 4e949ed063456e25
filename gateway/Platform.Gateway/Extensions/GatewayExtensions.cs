using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.Gateway.Admin;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Apis;
using Platform.Gateway.Limits;
using Platform.Gateway.Metering;
using Platform.Gateway.Streaming;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Gateway.Extensions;

public static class GatewayExtensions
{
    /// <summary>
    /// The public REST edge: API keys, plans and limits, the OpenAI-compatible API, streaming back from the bus,
    /// usage metering and the admin API.
    /// </summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .Validate(options => options.Sampling.IsValid(),
                "Gateway:Sampling: each default MaxTokens must be 1 to MaxTokensLimit and each Temperature 0 to 2.")
            .ValidateOnStart();

        builder.AddSecretStore();
        builder.AddGatewayStore();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMemoryCache();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();

        // Start-up order matters: secrets first, then the schema and bootstrap data that need them.
        builder.Services.AddSingleton<ApiKeyHasher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ApiKeyHasher>());
        builder.Services.AddSingleton<AdminTokens>();
        builder.Services.AddHostedService<AdminTokenInitializer>();
        builder.Services.AddSingleton<ApiKeyIssuer>();
        builder.Services.AddHostedService<BootstrapTenantInitializer>();

        builder.Services.AddGatewayAuthentication();

        builder.Services.AddGatewayLimits(redis: builder.AddPlatformRedis());
        builder.Services.AddSingleton<GenerationStreams>();
        builder.Services.AddSingleton<GenerationStreamListener>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GenerationStreamListener>());
        builder.Services.AddSingleton<GenerationWatch>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GenerationWatch>());
        builder.Services.AddSingleton<GenerationDrain>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GenerationDrain>());
        builder.Services.AddHealthChecks().AddCheck<GenerationDrain>("draining", tags: [HealthExtensions.ReadyTag]);
        builder.Services.AddSingleton<GenerationDispatcher>();
        builder.Services.AddSingleton<RetrievalRequests>();
        builder.Services.AddSingleton<EdgeRefusals>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EdgeRefusals>());

        builder.AddConfirmedPublishing(); // key revocations
        builder.AddBusParticipant(bus =>
        {
            bus.AddConsumer<UsageMeteringConsumer, UsageMeteringConsumerDefinition>();
            bus.AddConsumer<ApiKeyRevokedConsumer, ApiKeyRevokedConsumerDefinition>();
            bus.AddConsumer<CompletionEventLedgerConsumer, CompletionEventLedgerConsumerDefinition>();
        });
        return builder;
    }

    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        app.UseStatusCodePages();
        app.Use(EdgeRefusals.CountAsync); // outside authentication, to see its 401s
        app.UseGatewayAuthentication();

        var v1 = app.MapGroup("/v1").RequireAuthorization().WithTags("OpenAI");
        v1.MapCompletionsApi();
        v1.MapModelsApi();
        v1.MapChatCompletionsApi();
        v1.MapFimCompletionsApi();
        v1.MapCodeCompletionsApi();
        v1.MapCodeEventsApi();
        v1.MapChatActionsApi();
        v1.MapRepositoriesApi();
        v1.MapSearchApi();
        app.MapOpenApi();

        var admin = app.MapGroup("/admin/v1").RequireAuthorization(AdminTokenAuthenticationHandler.PolicyName).WithTags("Admin");
        admin.MapAdminTenantsApi();
        admin.MapAdminKeysApi();
        admin.MapAdminUsageApi();
        admin.MapAdminAuditApi();
        admin.MapAcceptanceReportApi();
        admin.MapAdminOverviewApi();
        admin.MapAdminTenantStatusApi();
        return app;
    }
}
