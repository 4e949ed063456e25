using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Generation;
using Platform.Gateway.Data;
using Platform.Gateway.Metering;

namespace Platform.IntegrationTests.Metering;

/// <summary>What every usage ledger must do, run against each store.</summary>
public abstract class UsageLedgerContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    protected GatewayDbContext? Store { get; set; }

    internal abstract IUsageLedger Ledger(GatewayDbContext store);

    protected abstract Task<GatewayDbContext> OpenAsync();

    public async Task InitializeAsync()
    {
        Store = await OpenAsync();
        await Store.Database.MigrateAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (Store is not null)
        {
            await Store.Database.EnsureDeletedAsync();
            await Store.DisposeAsync();
        }
    }

    protected static GenerationUsage Generation(int tokens, string? key = "key-1", TimeSpan? offset = null) => new()
    {
        GenerationId = Guid.NewGuid(),
        TenantId = "tenant-1",
        ApiKeyId = key,
        Model = "tiny-coder",
        Endpoint = "/v1/completions",
        PromptTokens = tokens,
        CompletionTokens = tokens * 2,
        WorkerTime = TimeSpan.FromMilliseconds(12.5),
        Outcome = "stop",
        CompletedAt = Noon.ToOffset(offset ?? TimeSpan.Zero),
    };

    [Fact]
    public async Task Records_each_generation_once_and_returns_only_those_not_recorded_before()
    {
        var first = Generation(3);
        var second = Generation(5, key: null);
        var third = Generation(7, offset: TimeSpan.FromHours(2));

        var fresh = await Ledger(Store!).RecordAsync([first, second], CancellationToken.None);
        var again = await Ledger(Store!).RecordAsync([second, third], CancellationToken.None);
        var nothing = await Ledger(Store!).RecordAsync([first, second, third], CancellationToken.None);

        Assert.Equal(new[] { first.GenerationId, second.GenerationId }.Order(), fresh.Select(g => g.GenerationId).Order());
        Assert.Equal([third.GenerationId], again.Select(g => g.GenerationId));
        Assert.Empty(nothing);
        var rows = await Store!.UsageRecords.AsNoTracking().ToListAsync();
        Assert.Equal(3, rows.Count);
        var keyless = rows.Single(row => row.GenerationId == second.GenerationId);
        Assert.Null(keyless.ApiKeyId);
        Assert.Equal((5, 10, "tiny-coder", "/v1/completions", "stop", 12.5),
            (keyless.PromptTokens, keyless.CompletionTokens, keyless.Model, keyless.Endpoint, keyless.Outcome, keyless.LatencyMs));
        Assert.Equal(Noon, rows.Single(row => row.GenerationId == third.GenerationId).CompletedAt.ToUniversalTime());
    }

    [Fact]
    public async Task An_empty_batch_records_nothing()
    {
        Assert.Empty(await Ledger(Store!).RecordAsync([], CancellationToken.None));
        Assert.Equal(0, await Store!.UsageRecords.CountAsync());
    }
}

public sealed class PostgresUsageLedgerTests : UsageLedgerContract
{
    private readonly Infrastructure.TestServers _servers = new();
    private string _database = "";

    internal override IUsageLedger Ledger(GatewayDbContext store) => new PostgresUsageLedger(store);

    protected override async Task<GatewayDbContext> OpenAsync()
    {
        await _servers.InitializeAsync();
        _database = _servers.PostgresDatabase($"platform_ledger_{Guid.NewGuid():N}");
        return Open();
    }

    private PostgresGatewayDbContext Open() =>
        new(new DbContextOptionsBuilder<PostgresGatewayDbContext>().UseNpgsql(_database).Options);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _servers.DisposeAsync();
    }

    [Fact]
    public async Task Replicas_writing_the_same_generations_at_once_record_and_return_each_exactly_once()
    {
        var generations = Enumerable.Range(1, 200).Select(tokens => Generation(tokens)).ToList();
        var stores = Enumerable.Range(0, 4).Select(_ => Open()).ToList();
        try
        {
            // Each replica gets every generation, in its own order, as redelivery after a crash would give them.
            var results = await Task.WhenAll(stores.Select((store, replica) => Ledger(store).RecordAsync(
                [.. generations.OrderBy(g => (g.PromptTokens * 7919 + replica * 104729) % 211)], CancellationToken.None)));

            var returned = results.SelectMany(fresh => fresh).Select(g => g.GenerationId).ToList();
            Assert.Equal(generations.Count, returned.Count);
            Assert.Equal(generations.Select(g => g.GenerationId).Order(), returned.Order());
            Assert.Equal(generations.Count, await Store!.UsageRecords.CountAsync());
            Assert.Equal(generations.Sum(g => g.PromptTokens), await Store!.UsageRecords.SumAsync(row => row.PromptTokens));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }
}

public sealed class EntityUsageLedgerTests : UsageLedgerContract
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"platform-ledger-{Guid.NewGuid():N}.db");

    internal override IUsageLedger Ledger(GatewayDbContext store) => new EntityUsageLedger(store);

    protected override Task<GatewayDbContext> OpenAsync() => Task.FromResult<GatewayDbContext>(
        new SqliteGatewayDbContext(new DbContextOptionsBuilder<SqliteGatewayDbContext>().UseSqlite($"Data Source={_file};Pooling=false").Options));
}
