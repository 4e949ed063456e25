using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Gateway.Data;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Faults;

/// <summary>
/// The one-process platform on the real PostgreSQL, reached through a relay that is cut for longer than the old
/// retry budget (about 8 s) while requests are served and metered.
/// </summary>
public sealed class MeteringOutageTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private readonly TestServers _servers = new();
    private LoopbackProxy _postgres = null!;
    private OneProcessPlatform _platform = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        _database = _servers.PostgresDatabase($"platform_metering_outage_{Guid.NewGuid():N}");
        _postgres = new LoopbackProxy(new NpgsqlConnectionStringBuilder(_servers.Postgres).Port);
        var proxied = new NpgsqlConnectionStringBuilder(_database) { Port = _postgres.Port, Timeout = 3 };
        _platform = await OneProcessPlatform.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = proxied.ConnectionString,
        });
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await using (var store = Open())
        {
            await store.Database.EnsureDeletedAsync();
        }

        await _servers.DisposeAsync();
    }

    public void Dispose() => _postgres.Dispose();

    [Fact]
    public async Task Usage_metered_while_postgresql_is_down_is_recorded_once_it_is_back_and_none_is_lost()
    {
        using var client = _platform.Client(_platform.ApiKey);
        await CompleteAsync(client); // caches the key and the plan: served while the database is away
        await UsageRowsAsync(1, TimeSpan.FromSeconds(10));

        _postgres.Cut();
        var outage = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            await CompleteAsync(client);
        }

        await Task.Delay(Outage - outage.Elapsed);
        _postgres.Restore();

        Assert.Equal(6, await UsageRowsAsync(6, TimeSpan.FromSeconds(20)));
    }

    private static async Task CompleteAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/v1/completions", new { prompt = "def f(x):", max_tokens = 2, temperature = 0 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The usage rows in the database (read directly, not through the relay) once there are <paramref name="expected"/>, or when time is up.</summary>
    private async Task<int> UsageRowsAsync(int expected, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var store = Open();
            var rows = await store.UsageRecords.CountAsync();
            if (rows >= expected || clock.Elapsed > within)
            {
                return rows;
            }

            await Task.Delay(200);
        }
    }

    private PostgresGatewayDbContext Open() =>
        new(new DbContextOptionsBuilder<PostgresGatewayDbContext>().UseNpgsql(_database).Options);
}
