using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Generation;
using Platform.Gateway.Metering;
using Platform.Gateway.Tests.Data;

namespace Platform.Gateway.Tests.Metering;

/// <summary>
/// The embedded ledger as the consumer uses it: a new store scope per batch. The cases every ledger shares run
/// against SQLite and PostgreSQL in the integration tests' <c>UsageLedgerContract</c>.
/// </summary>
public sealed class EntityUsageLedgerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private TemporaryGatewayStore _store = null!;

    public async Task InitializeAsync() => _store = await TemporaryGatewayStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Redelivered_generation_is_recorded_once_and_its_first_delivery_wins()
    {
        var first = Generation(3);
        var second = Generation(5);
        var third = Generation(7);
        await RecordInNewScopeAsync([first, second]);

        // A redelivery that somehow differs must not overwrite what was already counted.
        var fresh = await RecordInNewScopeAsync([second with { PromptTokens = 500 }, third]);

        Assert.Equal([third.GenerationId], fresh.Select(g => g.GenerationId));
        await using var context = _store.Open();
        Assert.Equal(3, await context.UsageRecords.CountAsync());
        Assert.Equal(5, (await context.UsageRecords.SingleAsync(u => u.GenerationId == second.GenerationId)).PromptTokens);
    }

    [Fact]
    public async Task A_large_batch_half_recorded_before_returns_exactly_the_other_half_in_delivery_order()
    {
        var generations = Enumerable.Range(1, 600).Select(Generation).ToList();
        await RecordInNewScopeAsync([.. generations.Where((_, index) => index % 2 == 0)]);

        var fresh = await RecordInNewScopeAsync(generations);

        Assert.Equal(generations.Where((_, index) => index % 2 == 1), fresh);
        await using var context = _store.Open();
        Assert.Equal(600, await context.UsageRecords.CountAsync());
        Assert.Equal(generations.Sum(g => g.PromptTokens), await context.UsageRecords.SumAsync(u => u.PromptTokens));
    }

    [Fact]
    public async Task A_batch_recorded_entirely_before_writes_nothing_and_returns_nothing()
    {
        var generations = new[] { Generation(1), Generation(2) };
        await RecordInNewScopeAsync(generations);

        await using var context = _store.Open();
        var fresh = await new EntityUsageLedger(context).RecordAsync(generations, CancellationToken.None);

        Assert.Empty(fresh);
        Assert.Empty(context.ChangeTracker.Entries());
    }

    [Fact]
    public async Task Completion_times_in_any_offset_are_found_by_a_utc_window()
    {
        var inBerlin = Generation(1) with { CompletedAt = new DateTimeOffset(2026, 11, 30, 12, 30, 0, TimeSpan.FromHours(2)) };
        await RecordInNewScopeAsync([inBerlin]);

        await using var context = _store.Open();
        var from = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var to = from.AddHours(1);
        Assert.Equal(1, await context.UsageRecords.CountAsync(record => record.CompletedAt >= from && record.CompletedAt < to));
    }

    private async Task<IReadOnlyList<GenerationUsage>> RecordInNewScopeAsync(IReadOnlyList<GenerationUsage> generations)
    {
        await using var context = _store.Open();
        return await new EntityUsageLedger(context).RecordAsync(generations, CancellationToken.None);
    }

    private static GenerationUsage Generation(int tokens) => new()
    {
        GenerationId = Guid.NewGuid(),
        TenantId = "tenant-1",
        ApiKeyId = "key-1",
        Model = "tiny-coder",
        Endpoint = "/v1/completions",
        PromptTokens = tokens,
        CompletionTokens = tokens * 2,
        WorkerTime = TimeSpan.FromMilliseconds(10),
        Outcome = "stop",
        CompletedAt = Noon,
    };
}
