using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Gateway.Admin;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Data;
using Platform.Gateway.Limits;
using Platform.Gateway.Tests.Data;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Gateway.Tests.Admin;

/// <summary>
/// The admin route group as the gateway maps it (admin-token scheme and policy, plans, tenants, keys, usage and audit) on
/// Kestrel at a free loopback port, over a migrated SQLite store of its own.
/// </summary>
internal sealed class AdminApiHost : IAsyncDisposable
{
    public const string Token = "sk-admin-Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg";

    /// <summary>The admin console's own credential, which may name the person acting.</summary>
    public const string ConsoleToken = "sk-admin-Y29uc29sZWNvbnNvbGVjb25zb2xlMDEyMzQ1";

    private AdminApiHost(WebApplication app, TemporaryGatewayStore store)
    {
        App = app;
        Store = store;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public WebApplication App { get; }

    public TemporaryGatewayStore Store { get; }

    /// <summary>Sends the admin token unless a request says otherwise.</summary>
    public HttpClient Client { get; }

    public static async Task<AdminApiHost> StartAsync(bool tokenConfigured = true)
    {
        var store = await TemporaryGatewayStore.CreateAsync();
        var tokens = new AdminTokens();
        if (tokenConfigured)
        {
            tokens.Use(AdminTokens.Hash(Token));
            tokens.UseConsole(AdminTokens.Hash(ConsoleToken));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<GatewayDbContext, SqliteGatewayDbContext>(options => options.UseSqlite(store.ConnectionString));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMemoryCache();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<PlanCache>();
        builder.Services.AddOptions<GatewayOptions>();
        builder.Services.AddSingleton<ModelBacklog>();
        builder.Services.AddSingleton<EdgeRefusals>(); // the overview's refusal counts
        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton<ISecretStore>(new PepperSecret());
        builder.Services.AddSingleton<ApiKeyHasher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ApiKeyHasher>());
        builder.Services.AddSingleton<ApiKeyIssuer>();
        builder.Services.AddSingleton<KeyUsageTracker>();
        builder.Services.AddSingleton<ApiKeyValidator>();
        builder.Services.AddSingleton<IConfirmedPublisher, DiscardingPublisher>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminTokenAuthenticationHandler>(AdminTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminTokenAuthenticationHandler.PolicyName, policy => policy
                .AddAuthenticationSchemes(AdminTokenAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        var admin = app.MapGroup("/admin/v1").RequireAuthorization(AdminTokenAuthenticationHandler.PolicyName);
        admin.MapAdminTenantsApi();
        admin.MapAdminKeysApi();
        admin.MapAdminUsageApi();
        admin.MapAdminAuditApi();
        admin.MapAcceptanceReportApi();
        admin.MapAdminOverviewApi();
        admin.MapAdminTenantStatusApi();
        await app.StartAsync();
        return new AdminApiHost(app, store);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Store.DisposeAsync();
    }

    private sealed class PepperSecret : ISecretStore
    {
        public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult<string?>("test-pepper");
    }

    private sealed class DiscardingPublisher : IConfirmedPublisher
    {
        public Task PublishAsync<T>(T message, CancellationToken cancellationToken = default) where T : class => Task.CompletedTask;
    }
}
