using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Platform.Completion.Extensions;
using Platform.Gateway.Extensions;
using Platform.IntegrationTests.Infrastructure;
using Platform.ModelWorker.Extensions;

namespace Platform.IntegrationTests.Faults;

/// <summary>
/// Gateway, completion service and a tiny-model worker in one host on the in-memory bus with a SQLite store (the
/// embedded composition), plus whatever dependency settings a fault test gives it (a Redis, a PostgreSQL).
/// </summary>
internal sealed class OneProcessPlatform : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private OneProcessPlatform(WebApplication app, string dataDirectory, string apiKey, string adminToken)
    {
        App = app;
        _dataDirectory = dataDirectory;
        ApiKey = apiKey;
        AdminToken = adminToken;
    }

    public WebApplication App { get; }

    public string ApiKey { get; }

    public string AdminToken { get; }

    public static async Task<OneProcessPlatform> StartAsync(IDictionary<string, string?> dependencies)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"platform-faults-{Guid.NewGuid():N}");
        var apiKey = $"sk-plat-test{Guid.NewGuid():N}";
        var adminToken = $"sk-admin-test{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string?>(dependencies)
        {
            ["PLATFORM_DATA_DIR"] = dataDirectory,
            ["Gateway:DefaultModel"] = "tiny-coder",
            ["Gateway:BootstrapApiKey"] = apiKey,
            ["Secrets:AdminToken"] = adminToken,
            ["Secrets:ApiKeyPepper"] = $"pepper-{Guid.NewGuid():N}",
            ["Worker:Model"] = "tiny-coder",
            ["Worker:ModelDirectory"] = Path.Combine(dataDirectory, "models", "tiny-coder"),
            ["Worker:CreateTinyModelIfMissing"] = "true",
        };
        var app = await TestHost.StartAsync("platform", settings, builder =>
        {
            builder.AddGateway();
            builder.AddCompletionService();
            builder.AddModelWorker();
        }, app => app.MapGatewayApi());
        return new OneProcessPlatform(app, dataDirectory, apiKey, adminToken);
    }

    /// <summary>A loopback port nothing listens on: connecting is refused at once.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public HttpClient Client(string bearer) => new()
    {
        BaseAddress = App.BaseAddress(),
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
    };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
