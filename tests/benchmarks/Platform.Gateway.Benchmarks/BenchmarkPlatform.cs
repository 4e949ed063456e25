using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.Completion.Extensions;
using Platform.Gateway.Extensions;
using Platform.ModelWorker.Extensions;
using Platform.ModelWorker.Models;

namespace Platform.Gateway.Benchmarks;

/// <summary>Which model the worker serves in a run.</summary>
internal enum WorkerMode
{
    /// <summary>A stand-in that answers at once over the real protocol: the overhead alone.</summary>
    Echo,
    /// <summary>The generated tiny model on the CPU engine: overhead next to real (small) model work.</summary>
    Tiny,
}

/// <summary>
/// Gateway, completion service and model worker as three hosts with their own bus connections to the real RabbitMQ,
/// the gateway on a fresh database in the real PostgreSQL and limits in the real Redis.
/// </summary>
internal sealed class BenchmarkPlatform : IAsyncDisposable
{
    public const string Model = "tiny-coder";
    private readonly List<WebApplication> _hosts = [];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"platform-gateway-bench-{Guid.NewGuid():N}");

    private BenchmarkPlatform(string apiKey) => ApiKey = apiKey;

    public string ApiKey { get; }

    /// <summary>Send-to-consume times of every bus message between the three hosts.</summary>
    public BusHopTimes Hops { get; } = new();

    public WebApplication Gateway => _hosts[^1];

    public static async Task<BenchmarkPlatform> StartAsync(BenchmarkServers servers, WorkerMode mode, string modelDirectory)
    {
        var platform = new BenchmarkPlatform($"sk-plat-bench{Guid.NewGuid():N}");
        try
        {
            var common = new Dictionary<string, string?>
            {
                ["ConnectionStrings:rabbitmq"] = servers.RabbitMq,
                ["PLATFORM_DATA_DIR"] = platform._dataDirectory,
            };

            // The worker and completion service first, so their queues exist before the gateway sends.
            platform._hosts.Add(await BenchmarkHost.StartAsync("model-worker", With(common, new()
            {
                ["Worker:Model"] = Model,
                ["Worker:ModelDirectory"] = modelDirectory,
                ["Worker:CreateTinyModelIfMissing"] = mode == WorkerMode.Tiny ? "true" : "false",
            }), platform.Hops, builder =>
            {
                if (mode == WorkerMode.Echo)
                {
                    builder.Services.AddSingleton<ITextGeneratorLoader>(new EchoTextGeneratorLoader(Model));
                }

                builder.AddModelWorker();
            }));
            platform._hosts.Add(await BenchmarkHost.StartAsync("completion", common, platform.Hops, builder => builder.AddCompletionService()));
            platform._hosts.Add(await BenchmarkHost.StartAsync("gateway", With(common, new()
            {
                ["ConnectionStrings:postgres"] = servers.PostgresDatabase($"platform_bench_{Guid.NewGuid():N}"),
                ["ConnectionStrings:redis"] = Environment.GetEnvironmentVariable("BENCH_NO_REDIS") is null ? servers.Redis : null,
                ["Gateway:DefaultModel"] = Model,
                ["Gateway:BootstrapApiKey"] = platform.ApiKey,
                // Limits a real plan has, far above what the benchmark sends: every request is counted in Redis and
                // released again, as in production, and none is refused. (An unlimited plan skips Redis altogether.)
                ["Gateway:DefaultPlan:RequestsPerMinutePerKey"] = "10000000",
                ["Gateway:DefaultPlan:TokensPerMinutePerTenant"] = "2000000000",
                ["Gateway:DefaultPlan:ConcurrentRequestsPerKey"] = "100000",
                ["Secrets:ApiKeyPepper"] = $"pepper-{Guid.NewGuid():N}",
                ["Secrets:AdminToken"] = $"sk-admin-bench{Guid.NewGuid():N}",
            }), platform.Hops, builder => builder.AddGateway(), app => app.MapGatewayApi()));
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The gateway first, so no new work reaches the services being stopped.
        for (var index = _hosts.Count - 1; index >= 0; index--)
        {
            await _hosts[index].StopAsync();
            await _hosts[index].DisposeAsync();
        }

        _hosts.Clear();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> common, Dictionary<string, string?> extra) =>
        common.Concat(extra).ToDictionary(pair => pair.Key, pair => pair.Value);
}
