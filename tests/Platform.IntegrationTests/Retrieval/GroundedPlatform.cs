using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.Chat.Extensions;
using Platform.Completion.Extensions;
using Platform.Gateway.Extensions;
using Platform.IntegrationTests.Distributed;
using Platform.IntegrationTests.Infrastructure;
using Platform.ModelWorker.Extensions;
using Platform.ModelWorker.Models;
using Platform.Retrieval.Extensions;
using Platform.ServiceDefaults.Messaging;

namespace Platform.IntegrationTests.Retrieval;

/// <summary>
/// The platform with grounding, as separate hosts over the real RabbitMQ, PostgreSQL and Redis: gateway, completion,
/// chat, the real worker with the scripted model, and retrieval sharded in two of which only shard 0 runs — a tenant
/// of shard 1 stands for retrieval that does not answer in time — on a virtual host of their own (other fixtures run the
/// same queues in parallel). Web search goes to a real searx whose only engine is a local site.
/// </summary>
public sealed class GroundedPlatform : IAsyncLifetime
{
    /// <summary>The completion service's retrieval budget here: the search after a warm-up answers well within it on a loaded machine.</summary>
    public static readonly TimeSpan RetrievalBudget = TimeSpan.FromSeconds(1);

    private readonly TestServers _servers = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"grounded-it-{Guid.NewGuid():N}");
    private readonly List<WebApplication> _hosts = [];
    private SearxInstance? _searx;
    private OwnVirtualHost? _virtualHost;

    public string AdminToken { get; } = $"sk-admin-test{Guid.NewGuid():N}";
    public ScriptedModel ScriptedModel { get; } = new();
    public LocalSite Site { get; private set; } = null!;
    public WebApplication Gateway { get; private set; } = null!;

    /// <summary>A tenant whose retrieval replica runs (shard 0), and one whose replica does not (shard 1), with their keys.</summary>
    public (string Tenant, string Key) Served { get; private set; }
    public (string Tenant, string Key) Unserved { get; private set; }

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        _virtualHost = await OwnVirtualHost.CreateAsync(_servers.RabbitMq);
        Site = await LocalSite.StartAsync();
        _searx = SearxInstance.Start(Site.SearchUrlTemplate);
        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = _virtualHost.ConnectionString,
            ["PLATFORM_DATA_DIR"] = _root,
            ["Retrieval:Shards"] = "2",
        };

        await StartAsync("retrieval-0", common, new()
        {
            ["Retrieval:Shard"] = "0",
            ["Retrieval:Embedding:MaxTokens"] = "128",
            ["Retrieval:Embedding:Threads"] = "1", // the suite's other platforms share the cores
            ["Retrieval:Web:Provider"] = "searx",
            ["Retrieval:Web:Endpoint"] = _searx.Endpoint.AbsoluteUri,
            ["Retrieval:Web:AllowedNetworks:0"] = "127.0.0.0/8", // the local site
        }, builder => builder.AddRetrieval());
        await StartAsync("scripted-worker", common, new()
        {
            ["Worker:Model"] = ScriptedModel.Name,
            ["Worker:ModelDirectory"] = Path.Combine(_root, "models", ScriptedModel.Name),
            ["Worker:CreateTinyModelIfMissing"] = "false",
        }, builder =>
        {
            builder.Services.AddSingleton<ITextGeneratorLoader>(ScriptedModel);
            builder.AddModelWorker();
        });
        await StartAsync("completion", common, new()
        {
            ["ConnectionStrings:redis"] = _servers.Redis,
            ["Completion:Retrieval:Budget"] = RetrievalBudget.ToString(),
        }, builder => builder.AddCompletionService());
        await StartAsync("chat", common, new(), builder => builder.AddChatService());
        Gateway = await StartAsync("gateway", common, new()
        {
            ["ConnectionStrings:postgres"] = _servers.PostgresDatabase($"grounded_it_{Guid.NewGuid():N}"),
            ["ConnectionStrings:redis"] = _servers.Redis,
            ["Gateway:DefaultModel"] = ScriptedModel.Name,
            ["Gateway:BootstrapApiKey"] = $"sk-plat-test{Guid.NewGuid():N}",
            ["Secrets:ApiKeyPepper"] = $"pepper-{Guid.NewGuid():N}",
            ["Secrets:AdminToken"] = AdminToken,
        }, builder => builder.AddGateway(), app => app.MapGatewayApi());

        using var admin = new AdminClient(Gateway, AdminToken);
        var unlimited = new { name = "Unlimited", requests_per_minute_per_key = 0, tokens_per_minute_per_tenant = 0, concurrent_requests_per_key = 0, monthly_token_quota = 0 };
        while (Served.Tenant is null || Unserved.Tenant is null)
        {
            var tenant = await admin.CreateTenantAsync(unlimited);
            var shard = RetrievalQueues.ShardOf(tenant, 2);
            if (shard == 0 && Served.Tenant is null)
            {
                Served = (tenant, (await admin.IssueKeyAsync(tenant)).Secret);
            }
            else if (shard == 1 && Unserved.Tenant is null)
            {
                Unserved = (tenant, (await admin.IssueKeyAsync(tenant)).Secret);
            }
        }

        await _searx.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    public HttpClient Client(string key) => DistributedPlatform.ClientFor(Gateway, key);

    /// <summary>A push repository of the served tenant holding <paramref name="files"/>, indexed and searched once (so its index is open).</summary>
    public async Task<string> PushRepositoryAsync(string name, params (string Path, string Content)[] files)
    {
        using var http = Client(Served.Key);
        using var created = await http.PostAsJsonAsync("/v1/repositories", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var pushed = await http.PostAsJsonAsync($"/v1/repositories/{id}/files",
            new { files = files.Select(file => new { path = file.Path, content = file.Content }) });
        Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"/v1/repositories/{id}");
            var state = status.GetProperty("indexing").GetProperty("state").GetString();
            if (state == "ready")
            {
                break;
            }

            Assert.True(state != "failed" && DateTime.UtcNow < deadline, $"Indexing ended {state}: {status}");
            await Task.Delay(100);
        }

        using var warm = await http.PostAsJsonAsync("/v1/search/code", new { query = files[0].Content, repositories = new[] { id } });
        warm.EnsureSuccessStatusCode();
        return id;
    }

    public async Task DisposeAsync()
    {
        for (var index = _hosts.Count - 1; index >= 0; index--)
        {
            await _hosts[index].StopAsync();
            await _hosts[index].DisposeAsync();
        }

        if (_searx is not null)
        {
            await _searx.DisposeAsync();
        }

        if (_virtualHost is not null)
        {
            await _virtualHost.DisposeAsync();
        }

        if (Site is not null)
        {
            await Site.DisposeAsync();
        }

        await _servers.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<WebApplication> StartAsync(
        string name, Dictionary<string, string?> common, Dictionary<string, string?> own, Action<WebApplicationBuilder> add,
        Action<WebApplication>? map = null)
    {
        var settings = common.Concat(own).ToDictionary(pair => pair.Key, pair => pair.Value);
        var host = await TestHost.StartAsync(name, settings, add, map);
        _hosts.Add(host);
        return host;
    }
}

/// <summary>
/// Runs after the parallel collections, alone: its retrieval replica, searx and indexing load the machine enough to upset
/// the timing-bound editor tests of the distributed platform when they run beside it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GroundedPlatformDefinition : ICollectionFixture<GroundedPlatform>
{
    public const string Name = "grounded platform";
}
