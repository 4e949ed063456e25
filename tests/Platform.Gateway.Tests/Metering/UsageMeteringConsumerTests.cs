using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Generation;
using Platform.Gateway.Data;
using Platform.Gateway.Limits;
using Platform.Gateway.Metering;
using Platform.Gateway.Tests.Data;

namespace Platform.Gateway.Tests.Metering;

/// <summary>
/// The consumer on MassTransit's in-memory test bus, with the real SQLite ledger and in-process limit store: what a
/// batch of usage events leaves in the store and in the tenants' monthly quota counters.
/// </summary>
public sealed class UsageMeteringConsumerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly InProcessLimitStore _limits = new();
    private TemporaryGatewayStore _store = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _store = await TemporaryGatewayStore.CreateAsync();
        _services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<GatewayDbContext, SqliteGatewayDbContext>(options => options.UseSqlite(_store.ConnectionString))
            .AddScoped<IUsageLedger, EntityUsageLedger>()
            .AddSingleton<ILimitStore>(_limits)
            .AddSingleton<MonthlySpend>()
            .AddMassTransitTestHarness(bus => bus.AddConsumer<UsageMeteringConsumer>(consumer => consumer.Options<BatchOptions>(batch => batch
                .SetMessageLimit(UsageMeteringConsumer.BatchSize)
                .SetTimeLimit(TimeSpan.FromMilliseconds(100)))))
            .BuildServiceProvider(validateScopes: true);
        foreach (var tenant in new[] { "acme", "globex", "initech" })
        {
            await _limits.SeedMonthlyUsageAsync(tenant, Noon, 0); // as a quota check would, from the empty ledger
        }
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Redelivered_and_repeated_generations_count_against_the_quota_once()
    {
        var before = Generation("acme", 10);
        var repeated = Generation("acme", 100);
        var last = Generation("acme", 1000);
        await using (var context = _store.Open())
        {
            await new EntityUsageLedger(context).RecordAsync([before], CancellationToken.None);
        }

        // `before` is a redelivery of what an earlier batch recorded; `repeated` travels in two events.
        await ConsumeAsync(Usage(before, repeated), Usage(repeated, last));

        await using var store = _store.Open();
        Assert.Equal(3, await store.UsageRecords.CountAsync());
        Assert.Equal(3 * (100 + 1000), await SpentAsync("acme"));
    }

    [Fact]
    public async Task Each_tenant_is_charged_only_its_own_prompt_and_completion_tokens()
    {
        await ConsumeAsync(Usage(Generation("acme", 1), Generation("globex", 20)), Usage(Generation("acme", 300)));

        Assert.Equal(3 * (1 + 300), await SpentAsync("acme"));
        Assert.Equal(3 * 20, await SpentAsync("globex"));
        Assert.Equal(0, await SpentAsync("initech"));
    }

    private async Task ConsumeAsync(params GenerationUsageRecorded[] events)
    {
        var harness = _services.GetRequiredService<ITestHarness>();
        await harness.Start();
        foreach (var usage in events)
        {
            await harness.Bus.Publish(usage);
        }

        Assert.True(await harness.Consumed.Any<GenerationUsageRecorded>());
        await harness.InactivityTask;
        Assert.False(await harness.Published.Any<Fault<Batch<GenerationUsageRecorded>>>(), "The batch consumer faulted.");
        Assert.False(await harness.Published.Any<Fault<GenerationUsageRecorded>>(), "The batch consumer faulted.");
    }

    /// <summary>The tokens counted this month, read through the quota check: a quota of n refuses once n are spent.</summary>
    private async Task<long> SpentAsync(string tenant)
    {
        for (long spent = 0; spent < 10_000; spent++)
        {
            var limits = new PlanLimits("p", 0, 0, 0, MonthlyTokenQuota: spent + 1, []);
            if ((await _limits.AdmitAsync(new AdmissionRequest(tenant, "key-1", Guid.NewGuid().ToString(), 0, limits), Noon)).Allowed)
            {
                return spent;
            }
        }

        throw new InvalidOperationException("More than 10,000 tokens counted.");
    }

    private static GenerationUsageRecorded Usage(params GenerationUsage[] generations) => new() { Generations = generations };

    private static GenerationUsage Generation(string tenant, int promptTokens) => new()
    {
        GenerationId = Guid.NewGuid(),
        TenantId = tenant,
        ApiKeyId = "key-1",
        Model = "tiny-coder",
        Endpoint = "/v1/completions",
        PromptTokens = promptTokens,
        CompletionTokens = promptTokens * 2,
        WorkerTime = TimeSpan.FromMilliseconds(10),
        Outcome = "stop",
        CompletedAt = Noon,
    };
}
