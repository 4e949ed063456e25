using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Platform.Gateway.Extensions;
using Platform.IntegrationTests.Distributed;
using Platform.IntegrationTests.Infrastructure;
using Platform.Retrieval.Extensions;
using Platform.ServiceDefaults.Messaging;

namespace Platform.IntegrationTests.Retrieval;

/// <summary>
/// A gateway and two retrieval replicas (shards 0 and 1, each with its own data folder) over the real RabbitMQ,
/// PostgreSQL and Redis, and one tenant with a key on each shard.
/// </summary>
public sealed class ShardedRetrievalPlatform : IAsyncLifetime
{
    private readonly TestServers _servers = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"retrieval-it-{Guid.NewGuid():N}");
    private readonly WebApplication?[] _replicas = new WebApplication?[2];

    public string AdminToken { get; } = $"sk-admin-test{Guid.NewGuid():N}";
    public WebApplication Gateway { get; private set; } = null!;

    /// <summary>Per shard: a tenant it owns and that tenant's API key.</summary>
    public (string Tenant, string Key)[] Tenants { get; } = new (string, string)[2];

    public string DataFolder(int shard) => Path.Combine(_root, $"replica-{shard}");

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        for (var shard = 0; shard < 2; shard++)
        {
            await StartReplicaAsync(shard);
        }

        Gateway = await TestHost.StartAsync("gateway", new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = _servers.RabbitMq,
            ["ConnectionStrings:postgres"] = _servers.PostgresDatabase($"retrieval_it_{Guid.NewGuid():N}"),
            ["ConnectionStrings:redis"] = _servers.Redis,
            ["PLATFORM_DATA_DIR"] = Path.Combine(_root, "gateway"),
            ["Retrieval:Shards"] = "2",
            ["Gateway:BootstrapApiKey"] = $"sk-plat-test{Guid.NewGuid():N}",
            ["Secrets:ApiKeyPepper"] = $"pepper-{Guid.NewGuid():N}",
            ["Secrets:AdminToken"] = AdminToken,
        }, builder => builder.AddGateway(), app => app.MapGatewayApi());

        using var admin = new AdminClient(Gateway, AdminToken);
        var unlimited = new { name = "Unlimited", requests_per_minute_per_key = 0, tokens_per_minute_per_tenant = 0, concurrent_requests_per_key = 0, monthly_token_quota = 0 };
        while (Tenants.Any(entry => entry.Tenant is null))
        {
            var tenant = await admin.CreateTenantAsync(unlimited);
            var shard = RetrievalQueues.ShardOf(tenant, 2);
            if (Tenants[shard].Tenant is null)
            {
                Tenants[shard] = (tenant, (await admin.IssueKeyAsync(tenant)).Secret);
            }
        }
    }

    public HttpClient Client(int shard) => DistributedPlatform.ClientFor(Gateway, Tenants[shard].Key);

    /// <summary>Issues a key for the shard's tenant with only the given scopes.</summary>
    public async Task<string> KeyWithScopesAsync(int shard, params string[] scopes)
    {
        using var http = DistributedPlatform.ClientFor(Gateway, AdminToken);
        using var response = await http.PostAsJsonAsync($"/admin/v1/tenants/{Tenants[shard].Tenant}/keys", new { name = "scoped", scopes });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public async Task RestartReplicaAsync(int shard)
    {
        await StopReplicaAsync(shard);
        await StartReplicaAsync(shard);
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.StopAsync();
            await Gateway.DisposeAsync();
        }

        for (var shard = 0; shard < 2; shard++)
        {
            await StopReplicaAsync(shard);
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

    private async Task StartReplicaAsync(int shard) =>
        _replicas[shard] = await TestHost.StartAsync($"retrieval-{shard}", new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = _servers.RabbitMq,
            ["PLATFORM_DATA_DIR"] = DataFolder(shard),
            ["Retrieval:Shards"] = "2",
            ["Retrieval:Shard"] = shard.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Retrieval:Embedding:MaxTokens"] = "128",
        }, builder => builder.AddRetrieval());

    private async Task StopReplicaAsync(int shard)
    {
        if (_replicas[shard] is { } replica)
        {
            await replica.StopAsync();
            await replica.DisposeAsync();
            _replicas[shard] = null;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ShardedRetrievalPlatformDefinition : ICollectionFixture<ShardedRetrievalPlatform>
{
    public const string Name = "sharded retrieval platform";
}
