using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Generation;
using Platform.Gateway;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Data;
using Platform.Gateway.Extensions;
using Platform.Gateway.Limits;
using Platform.Gateway.Metering;
using Platform.IntegrationTests.Infrastructure;
using Platform.ServiceDefaults;
using StackExchange.Redis;

namespace Platform.IntegrationTests.Limits;

/// <summary>
/// The monthly quota over the real PostgreSQL and Redis (reached through a relay that can be cut): the usage ledger
/// is the truth and the Redis counter its copy, checked through the gateway's admission and metering consumer.
/// </summary>
public sealed class MonthlyQuotaTests : IAsyncLifetime, IDisposable
{
    private const long Quota = 1000;
    private readonly TestServers _servers = new();
    private readonly string _tenant = $"quota-{Guid.NewGuid():N}"[..24];
    private LoopbackProxy _redis = null!;
    private ServiceProvider _services = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        _database = _servers.PostgresDatabase($"platform_quota_{Guid.NewGuid():N}");
        await using (var store = Open())
        {
            await store.Database.MigrateAsync();
            store.Plans.Add(new Plan { Id = "quota", Name = "Quota", MonthlyTokenQuota = Quota });
            store.Tenants.Add(new Tenant { Id = _tenant, Name = "Quota", PlanId = "quota" });
            await store.SaveChangesAsync();
        }

        _redis = new LoopbackProxy(int.Parse(_servers.Redis.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        var redis = ConfigurationOptions.Parse($"127.0.0.1:{_redis.Port}");
        redis.AbortOnConnectFail = false;
        redis.ReconnectRetryPolicy = new LinearRetry(100);
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<GatewayDbContext, PostgresGatewayDbContext>(options => options.UseNpgsql(_database))
            .AddScoped<IUsageLedger, PostgresUsageLedger>()
            .AddMemoryCache()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new RedisConnection(redis))
            .AddGatewayLimits(redis: true)
            .AddMassTransitTestHarness(bus => bus.AddConsumer<UsageMeteringConsumer>(consumer => consumer.Options<BatchOptions>(batch => batch
                .SetMessageLimit(UsageMeteringConsumer.BatchSize)
                .SetTimeLimit(TimeSpan.FromMilliseconds(50)))));
        services.AddOptions<GatewayOptions>();
        // The consumer waits out an unreachable Redis; on a busy machine that outlasts the harness's default quiet time.
        services.Configure<TestHarnessOptions>(harness =>
        {
            harness.TestTimeout = TimeSpan.FromSeconds(60);
            harness.TestInactivityTimeout = TimeSpan.FromSeconds(10);
        });
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await using (var store = Open())
        {
            await store.Database.EnsureDeletedAsync();
        }

        await _servers.DisposeAsync();
    }

    public void Dispose() => _redis.Dispose();

    [Fact]
    public async Task Month_counter_missing_from_redis_is_rebuilt_from_the_ledger()
    {
        await RecordAsync(Quota);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AdmitAsync(10)));

        Assert.All(outcomes, outcome => Assert.Equal(AdmissionRefusalReason.MonthlyQuotaExhausted, outcome.Refusal?.Reason));
    }

    [Fact]
    public async Task Quota_counts_the_tokens_reserved_by_requests_in_flight()
    {
        var first = await AdmitAsync(Quota);
        Assert.NotNull(first.Lease);

        var second = await AdmitAsync(10);
        Assert.Equal(AdmissionRefusalReason.MonthlyQuotaExhausted, second.Refusal?.Reason);

        first.Lease.ActualTokens = 5;
        await first.Lease.DisposeAsync();
        var third = await AdmitAsync(10);
        Assert.NotNull(third.Lease);
        await third.Lease.DisposeAsync();
    }

    [Fact]
    public async Task Tokens_metered_while_redis_is_unreachable_count_once_it_is_back()
    {
        var before = await AdmitAsync(10);
        Assert.NotNull(before.Lease);
        await before.Lease.DisposeAsync();

        _redis.Cut();
        var harness = _services.GetRequiredService<ITestHarness>();
        await harness.Start();
        await harness.Bus.Publish(new GenerationUsageRecorded { Generations = [Generation(Quota)] });
        Assert.True(await harness.Consumed.Any<GenerationUsageRecorded>());
        await harness.InactivityTask;
        await using (var store = Open())
        {
            Assert.Equal(Quota, await store.UsageRecords.Where(u => u.TenantId == _tenant).SumAsync(u => (long)u.PromptTokens + u.CompletionTokens));
        }

        _redis.Restore();
        AdmissionOutcome after;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(100);
            after = await AdmitAsync(10);
        }
        while (after.Refusal?.Reason == AdmissionRefusalReason.LimitsUnavailable && waited.Elapsed < TimeSpan.FromSeconds(15));

        Assert.Equal(AdmissionRefusalReason.MonthlyQuotaExhausted, after.Refusal?.Reason);
    }

    private async Task<AdmissionOutcome> AdmitAsync(long reservedTokens) =>
        await _services.GetRequiredService<GenerationAdmission>().AdmitAsync(
            new CallerIdentity(_tenant, "key-1", ["completions"]), "completions", "tiny-coder", (int)reservedTokens, CancellationToken.None);

    private async Task RecordAsync(long tokens)
    {
        await using var store = Open();
        await new PostgresUsageLedger(store).RecordAsync([Generation(tokens)], CancellationToken.None);
    }

    private GenerationUsage Generation(long tokens) => new()
    {
        GenerationId = Guid.NewGuid(),
        TenantId = _tenant,
        ApiKeyId = "key-1",
        Model = "tiny-coder",
        Endpoint = "/v1/completions",
        PromptTokens = (int)tokens / 4,
        CompletionTokens = (int)(tokens - tokens / 4),
        WorkerTime = TimeSpan.FromMilliseconds(10),
        Outcome = "stop",
        CompletedAt = DateTimeOffset.UtcNow,
    };

    private PostgresGatewayDbContext Open() =>
        new(new DbContextOptionsBuilder<PostgresGatewayDbContext>().UseNpgsql(_database).Options);
}
