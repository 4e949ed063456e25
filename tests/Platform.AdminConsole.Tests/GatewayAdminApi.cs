using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Gateway.Extensions;
using Platform.ServiceDefaults.Messaging;

namespace Platform.AdminConsole.Tests;

/// <summary>
/// The real gateway (its admin API over a SQLite store in a temporary data directory, in-memory bus) on a free
/// loopback port, with a known console credential: the console's components are tested against what the gateway
/// really answers, validation messages included.
/// </summary>
public sealed class GatewayAdminApi : IAsyncLifetime
{
    public const string ConsoleToken = "sk-admin-console-test-credential-0123456789";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("platform-console-tests-").FullName;
    private WebApplication _app = null!;

    public Uri AdminApi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["PLATFORM_DATA_DIR"] = _dataDirectory;
        builder.Configuration["ConnectionStrings:postgres"] = "";
        builder.Configuration["ConnectionStrings:rabbitmq"] = "";
        builder.Configuration["ConnectionStrings:redis"] = "";
        builder.Configuration["Secrets:AdminConsoleToken"] = ConsoleToken;
        builder.AddGateway();
        builder.AddPlatformBus();
        _app = builder.Build();
        _app.MapGatewayApi();
        await _app.StartAsync();
        AdminApi = new Uri(_app.Urls.Single().TrimEnd('/') + "/admin/v1/");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file a moment; the temporary directory is the system's to clean.
        }
    }
}
