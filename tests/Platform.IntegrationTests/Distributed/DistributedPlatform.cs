using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Platform.Chat.Extensions;
using Platform.Completion.Extensions;
using Platform.Gateway.Extensions;
using Platform.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Platform.ModelWorker.Extensions;
using Platform.ModelWorker.Models;

namespace Platform.IntegrationTests.Distributed;

/// <summary>
/// The distributed topology in miniature: gateway, completion service, chat service and model worker as separate hosts,
/// each with its own bus connection to the real RabbitMQ, the gateway on a database of its own in the real PostgreSQL.
/// </summary>
public sealed class DistributedPlatform : IAsyncLifetime
{
    private readonly TestServers _servers = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"platform-it-{Guid.NewGuid():N}");

    public string ApiKey { get; } = $"sk-plat-test{Guid.NewGuid():N}";
    public string AdminToken { get; } = $"sk-admin-test{Guid.NewGuid():N}";

    /// <summary>The first of two gateway replicas sharing the database, Redis and the bus.</summary>
    public WebApplication Gateway { get; private set; } = null!;
    public WebApplication SecondGateway { get; private set; } = null!;
    public WebApplication CompletionService { get; private set; } = null!;
    public WebApplication ChatService { get; private set; } = null!;
    public WebApplication Worker { get; private set; } = null!;

    /// <summary>A second worker, for <see cref="ScriptedModel.Name"/>: the real worker with a scripted model behind it.</summary>
    public WebApplication ScriptedWorker { get; private set; } = null!;

    public ScriptedModel ScriptedModel { get; } = new();

    /// <summary>Every span any of the three hosts exported.</summary>
    public ConcurrentBag<Activity> Spans { get; } = [];

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = _servers.RabbitMq,
            ["PLATFORM_DATA_DIR"] = _dataDirectory,
        };

        var spans = new SpanSink(Spans);
        // The worker and completion service first, so their queues exist before the gateway sends.
        Worker = await TestHost.StartAsync("model-worker", With(common, new()
        {
            ["Worker:Model"] = "tiny-coder",
            ["Worker:ModelDirectory"] = Path.Combine(_dataDirectory, "models", "tiny-coder"),
            ["Worker:CreateTinyModelIfMissing"] = "true",
        }), builder => builder.AddModelWorker(), exportedSpans: spans);
        ScriptedWorker = await TestHost.StartAsync("scripted-worker", With(common, new()
        {
            ["Worker:Model"] = ScriptedModel.Name,
            ["Worker:ModelDirectory"] = Path.Combine(_dataDirectory, "models", ScriptedModel.Name),
            ["Worker:CreateTinyModelIfMissing"] = "false",
        }), builder =>
        {
            builder.Services.AddSingleton<ITextGeneratorLoader>(ScriptedModel);
            builder.AddModelWorker();
        });
        CompletionService = await TestHost.StartAsync("completion", With(common, new() { ["ConnectionStrings:redis"] = _servers.Redis }),
            builder => builder.AddCompletionService(), exportedSpans: spans);
        ChatService = await TestHost.StartAsync("chat", common, builder => builder.AddChatService(), exportedSpans: spans);
        GatewaySettings = With(common, new()
        {
            ["ConnectionStrings:postgres"] = _servers.PostgresDatabase($"platform_it_{Guid.NewGuid():N}"),
            ["ConnectionStrings:redis"] = _servers.Redis,
            ["Gateway:DefaultModel"] = "tiny-coder",
            ["Gateway:Models:0"] = ScriptedModel.Name,
            ["Gateway:BootstrapApiKey"] = ApiKey,
            ["Secrets:ApiKeyPepper"] = $"pepper-{Guid.NewGuid():N}",
            ["Secrets:AdminToken"] = AdminToken,
        });
        Gateway = await StartGatewayAsync(spans);
        SecondGateway = await StartGatewayAsync();
    }

    /// <summary>The settings every gateway replica of this platform shares.</summary>
    public Dictionary<string, string?> GatewaySettings { get; private set; } = [];

    /// <summary>Starts one more gateway replica (tests stop and dispose it).</summary>
    public Task<WebApplication> StartGatewayAsync(ICollection<Activity>? spans = null) =>
        TestHost.StartAsync("gateway", GatewaySettings, builder => builder.AddGateway(), app => app.MapGatewayApi(), spans);

    public static HttpClient ClientFor(WebApplication gateway, string bearer) => new()
    {
        BaseAddress = gateway.BaseAddress(),
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
    };

    public HttpClient CreateClient(bool authenticated = true)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress(), Timeout = TimeSpan.FromSeconds(60) };
        if (authenticated)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { Gateway, SecondGateway, CompletionService, ChatService, Worker, ScriptedWorker })
        {
            if (host is not null)
            {
                await host.StopAsync();
                await host.DisposeAsync();
            }
        }

        await _servers.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> common, Dictionary<string, string?> extra) =>
        common.Concat(extra).ToDictionary(pair => pair.Key, pair => pair.Value);

    /// <summary>Adapts the bag to the exporter's collection; several hosts export into it at once.</summary>
    private sealed class SpanSink(ConcurrentBag<Activity> bag) : ICollection<Activity>
    {
        public int Count => bag.Count;
        public bool IsReadOnly => false;
        public void Add(Activity item) => bag.Add(item);
        public void Clear() => bag.Clear();
        public bool Contains(Activity item) => bag.Contains(item);
        public void CopyTo(Activity[] array, int arrayIndex) => bag.CopyTo(array, arrayIndex);
        public bool Remove(Activity item) => throw new NotSupportedException();
        public IEnumerator<Activity> GetEnumerator() => bag.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

[CollectionDefinition(Name)]
public sealed class DistributedPlatformDefinition : ICollectionFixture<DistributedPlatform>
{
    public const string Name = "distributed platform";
}
