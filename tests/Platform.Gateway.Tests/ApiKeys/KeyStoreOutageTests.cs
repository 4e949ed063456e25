using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Data;
using Platform.Gateway.Tests.Data;

namespace Platform.Gateway.Tests.ApiKeys;

/// <summary>Key lookups while the database is away: they fail fast as "unavailable" (answered 503), not as a 500 after 15 s.</summary>
public sealed class KeyStoreOutageTests
{
    [Fact]
    public async Task A_key_lookup_against_a_stopped_PostgreSQL_fails_fast_as_unavailable_and_the_next_fails_at_once()
    {
        // A PostgreSQL client against a loopback port nothing listens on: a stopped server, as the client sees it.
        var port = ClosedPort();
        await using var services = Services(options => options.UseNpgsql(
            $"Host=127.0.0.1;Port={port};Username=platform;Password=unused;Database=gateway;Timeout=15"));
        var validator = services.GetRequiredService<ApiKeyValidator>();

        // The first lookup also builds the EF model and warms the client (seconds on a busy machine): type only.
        await Assert.ThrowsAsync<StoreUnavailableException>(() => validator.ValidateAsync(ApiKeyFormat.NewKey(), CancellationToken.None).AsTask());

        var next = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => validator.ValidateAsync(ApiKeyFormat.NewKey(), CancellationToken.None).AsTask());
        Assert.InRange(next.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(200)); // remembered: no new attempt

        await Task.Delay(ApiKeyValidator.OutageMemory);
        var attempt = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => validator.ValidateAsync(ApiKeyFormat.NewKey(), CancellationToken.None).AsTask());
        Assert.InRange(attempt.Elapsed, TimeSpan.Zero, ApiKeyValidator.LookupTimeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_key_lookup_that_the_database_does_not_answer_gives_up_after_the_lookup_timeout()
    {
        await using var store = await TemporaryGatewayStore.CreateAsync();
        var lookups = new KeyLookupCounter { Latency = TimeSpan.FromSeconds(30) }; // a database that hangs
        await using var services = new ServiceCollection()
            .AddKeyValidationDependencies(store, lookups)
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<KeyUsageTracker>()
            .AddSingleton<ApiKeyValidator>()
            .BuildServiceProvider();
        await services.GetRequiredService<ApiKeyHasher>().StartAsync(CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StoreUnavailableException>(
            () => services.GetRequiredService<ApiKeyValidator>().ValidateAsync(ApiKeyFormat.NewKey(), CancellationToken.None).AsTask());
        Assert.InRange(clock.Elapsed, ApiKeyValidator.LookupTimeout - TimeSpan.FromMilliseconds(100), ApiKeyValidator.LookupTimeout + TimeSpan.FromSeconds(2));
    }

    private static ServiceProvider Services(Action<DbContextOptionsBuilder> database)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<GatewayDbContext, PostgresGatewayDbContext>(database)
            .AddMemoryCache()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<Platform.ServiceDefaults.Secrets.ISecretStore>(new Pepper())
            .AddSingleton<ApiKeyHasher>()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<KeyUsageTracker>()
            .AddSingleton<ApiKeyValidator>();
        services.AddOptions<GatewayOptions>();
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ApiKeyHasher>().StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return provider;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Pepper : Platform.ServiceDefaults.Secrets.ISecretStore
    {
        public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult<string?>("outage-pepper");
    }
}
