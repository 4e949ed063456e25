using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Platform.Completion.Extensions;
using Platform.Gateway.Extensions;
using Platform.ModelWorker.Extensions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Completion.Benchmarks;

/// <summary>
/// The embedded topology in this process (in-memory bus, SQLite, in-memory completion store, the tiny model on the
/// CPU engine), composed as the embedded host composes it, so the numbers are those of the code that ships.
/// </summary>
internal sealed class EmbeddedPlatform : IAsyncDisposable
{
    public const string ApiKey = "sk-plat-completion-benchmark-key-0001";
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private EmbeddedPlatform(WebApplication app, string dataDirectory) => (_app, _dataDirectory) = (app, dataDirectory);

    public Uri BaseAddress => new(_app.Urls.First());

    /// <param name="typingAhead">Off: the completion cache and typing-ahead reuse are disabled (time to live zero).</param>
    public static async Task<EmbeddedPlatform> StartAsync(string modelDirectory, bool typingAhead)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"platform-completion-benchmark-{Guid.NewGuid():N}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PLATFORM_DATA_DIR"] = dataDirectory,
            ["ConnectionStrings:rabbitmq"] = "",
            ["ConnectionStrings:postgres"] = "",
            ["ConnectionStrings:redis"] = "",
            ["Gateway:BootstrapApiKey"] = ApiKey,
            // Known secrets, so the host prints nothing to stdout, which carries the JSON report alone.
            ["Secrets:AdminToken"] = "sk-admin-completion-benchmark-token-0001",
            ["Worker:ModelDirectory"] = modelDirectory,
            // The tiny model's context is 512 tokens: keep the fitted prompt well inside it.
            ["Completion:PromptCharacterBudget"] = "400",
            ["Completion:CacheTimeToLive"] = typingAhead ? "00:00:30" : "00:00:00",
            ["Completion:TypingAheadTimeToLive"] = typingAhead ? "00:02:00" : "00:00:00",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddGateway();
        builder.AddCompletionService();
        builder.AddModelWorker();
        builder.AddPlatformBus();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGatewayApi();
        await app.StartAsync();
        return new EmbeddedPlatform(app, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
