using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
using StackExchange.Redis;

namespace Platform.FaultTests.Infrastructure;

/// <summary>
/// The distributed topology as separate processes over the suite's own servers: two gateway replicas, the completion
/// service and two model workers serving the tiny model, the worker lease and request timeout shortened so the suite
/// runs in minutes. Shared by every scenario; each starts by bringing back whatever the previous one killed.
/// </summary>
public sealed class FaultPlatform : IAsyncLifetime
{
    public const string Model = "tiny-coder";
    public const string Tenant = "default";
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(120);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"platform-faults-run-{Guid.NewGuid():N}"[..36]);
    private readonly Dictionary<string, HostProcess> _hosts = [];
    private readonly Lock _gate = new();

    internal FaultServers Servers { get; } = new();

    public string ApiKey { get; } = $"sk-plat-faults{Guid.NewGuid():N}";

    public string LogFolder => Path.Combine(_folder, "logs");

    internal IReadOnlyList<HostProcess> Hosts
    {
        get
        {
            lock (_gate)
            {
                return [.. _hosts.Values];
            }
        }
    }

    /// <summary>The gateways a load balancer would send to now (those not killed).</summary>
    internal IReadOnlyList<HostProcess> Gateways => [.. Hosts.Where(host => host.Name.StartsWith("gateway", StringComparison.Ordinal) && !host.Stopped)];

    internal HostProcess Host(string name)
    {
        lock (_gate)
        {
            return _hosts[name];
        }
    }

    public async Task InitializeAsync()
    {
        await Servers.StartAsync();
        // The quota counters must start from this run's empty ledger (the servers may be reused).
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(Servers.Redis + ",allowAdmin=true"))
        {
            await redis.GetServers()[0].FlushAllDatabasesAsync();
        }

        await EnsureRunningAsync();
    }

    /// <summary>Starts every host that is not running (all at first; after a scenario, the one it killed).</summary>
    public async Task EnsureRunningAsync()
    {
        // The first worker writes the tiny model; the second loads it.
        await StartIfDownAsync("worker-1", WorkerAssembly, WorkerSettings());
        await Task.WhenAll(
            StartIfDownAsync("worker-2", WorkerAssembly, WorkerSettings()),
            StartIfDownAsync("completion", CompletionAssembly, Common()));
        await StartIfDownAsync("gateway-1", GatewayAssembly, GatewaySettings());
        await StartIfDownAsync("gateway-2", GatewayAssembly, GatewaySettings());
    }

    internal HttpClient Client(HostProcess gateway) => new()
    {
        BaseAddress = gateway.Address,
        Timeout = RequestTimeout + TimeSpan.FromSeconds(10),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", ApiKey) },
    };

    // No pooling: a pooled connection from before a PostgreSQL restart fails its next command.
    public NpgsqlConnection Database() => new($"{GatewayDatabase};Timeout=5;Command Timeout=10;Pooling=false");

    private string GatewayDatabase => string.Join(';', Servers.Postgres.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Where(part => !part.StartsWith("Database=", StringComparison.OrdinalIgnoreCase))
        .Append($"Database={_database}"));

    private readonly string _database = $"platform_faults_{Guid.NewGuid():N}"[..32];

    /// <summary>
    /// One small completion through a live gateway: the admission that rebuilds a month counter Redis lost (rebuilds
    /// are lazy, made by the next quota check). Its answer does not matter; its usage is metered like any other.
    /// </summary>
    public async Task AdmitOneAsync()
    {
        using var client = Client(Gateways[0]);
        using var response = await client.PostAsJsonAsync(
            "/v1/completions", new { model = Model, prompt = "x", max_tokens = 1, temperature = 0 });
    }

    public async Task<long?> QuotaCounterAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Servers.Redis + ",connectTimeout=2000");
        var value = await redis.GetDatabase().StringGetAsync($"limits:{{{Tenant}}}:quota:{DateTime.UtcNow:yyyyMM}");
        return value.IsNull ? null : (long)value;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        await Servers.DisposeAsync();
        try
        {
            Directory.Delete(Path.Combine(_folder, "data"), recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string GatewayAssembly => Repository.HostAssembly("gateway/Platform.Gateway.Host", "Platform.Gateway.Host");
    private static string CompletionAssembly => Repository.HostAssembly("services/completion/Platform.Completion.Host", "Platform.Completion.Host");
    private static string WorkerAssembly => Repository.HostAssembly("services/model-worker/Platform.ModelWorker.Host", "Platform.ModelWorker.Host");

    private async Task StartIfDownAsync(string name, string assembly, Dictionary<string, string> settings)
    {
        HostProcess? old;
        lock (_gate)
        {
            old = _hosts.GetValueOrDefault(name);
        }

        if (old is { HasExited: false, Stopped: false })
        {
            return;
        }

        if (old is not null)
        {
            await old.DisposeAsync();
        }

        settings["PLATFORM_DATA_DIR"] = Path.Combine(_folder, "data", name);
        var host = await HostProcess.StartAsync(name, assembly, settings, LogFolder, ReadyWithin);
        lock (_gate)
        {
            _hosts[name] = host;
        }
    }

    private Dictionary<string, string> Common() => new()
    {
        ["ConnectionStrings__rabbitmq"] = Servers.RabbitMq,
        ["ConnectionStrings__redis"] = Servers.Redis,
        ["shutdownTimeoutSeconds"] = "10",
    };

    private Dictionary<string, string> WorkerSettings()
    {
        var settings = Common();
        settings["Worker__Model"] = Model;
        settings["Worker__ModelDirectory"] = Path.Combine(_folder, "model");
        return settings;
    }

    private Dictionary<string, string> GatewaySettings()
    {
        var settings = Common();
        settings["ConnectionStrings__postgres"] = GatewayDatabase;
        settings["Gateway__DefaultModel"] = Model;
        settings["Gateway__BootstrapApiKey"] = ApiKey;
        settings["Gateway__RequestTimeout"] = RequestTimeout.ToString();
        // A monthly quota, so that quota counters exist to compare with the ledger (and the plan fails closed).
        settings["Gateway__DefaultPlan__MonthlyTokenQuota"] = "1000000000";
        settings["Gateway__DefaultPlan__RequestsPerMinutePerKey"] = "100000";
        settings["Secrets__ApiKeyPepper"] = "fault-suite-pepper-0123456789abcdef";
        settings["Secrets__AdminToken"] = "sk-admin-fault-suite-0123456789abcdef";
        return settings;
    }
}
