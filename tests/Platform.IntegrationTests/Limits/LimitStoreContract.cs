using Platform.Gateway.Limits;
using Platform.ServiceDefaults;

namespace Platform.IntegrationTests.Limits;

/// <summary>What every limit store must do, run against each implementation.</summary>
public abstract class LimitStoreContract
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 27, 12, 0, 30, TimeSpan.Zero);
    private protected string Run { get; } = Guid.NewGuid().ToString("N")[..8];

    private protected string Tenant => $"tenant-{Run}";

    internal abstract ILimitStore Store { get; }

    private protected AdmissionRequest Request(PlanLimits limits, int tokens = 10, string key = "k") =>
        new($"tenant-{Run}", $"{key}-{Run}", Guid.NewGuid().ToString("N"), tokens, limits);

    private protected static PlanLimits Limits(int rpm = 0, int tpm = 0, int concurrency = 0, long quota = 0) =>
        new("p", rpm, tpm, concurrency, quota, []);

    [Fact]
    public async Task Requests_per_minute_admit_exactly_the_limit_then_refuse_until_the_window_slides()
    {
        var limits = Limits(rpm: 10);
        var decisions = new List<AdmissionDecision>();
        for (var i = 0; i < 14; i++)
        {
            var request = Request(limits);
            var decision = await Store.AdmitAsync(request, Noon.AddMilliseconds(i));
            decisions.Add(decision);
            if (decision.Allowed)
            {
                await Store.ReleaseAsync(request, decision.TokenWindow, 10);
            }
        }

        Assert.Equal(10, decisions.Count(d => d.Allowed));
        Assert.All(decisions.Skip(10), d => Assert.Equal(LimitKind.Requests, d.Exceeded));
        Assert.InRange(decisions[^1].RetryAfter, TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(60));
        Assert.Equal(0, decisions[9].RequestsRemaining);
        Assert.True((await Store.AdmitAsync(Request(limits), Noon.AddSeconds(61))).Allowed);
    }

    [Fact]
    public async Task Concurrency_slot_is_freed_on_release()
    {
        var limits = Limits(concurrency: 2);
        var first = Request(limits);
        var firstDecision = await Store.AdmitAsync(first, Noon);
        Assert.True(firstDecision.Allowed);
        Assert.True((await Store.AdmitAsync(Request(limits), Noon)).Allowed);
        Assert.Equal(LimitKind.Concurrency, (await Store.AdmitAsync(Request(limits), Noon)).Exceeded);

        await Store.ReleaseAsync(first, firstDecision.TokenWindow, 10);

        Assert.True((await Store.AdmitAsync(Request(limits), Noon)).Allowed);
    }

    [Fact]
    public async Task Tokens_per_minute_count_reservations_and_are_corrected_on_release()
    {
        var limits = Limits(tpm: 100);
        var big = Request(limits, tokens: 80);
        var decision = await Store.AdmitAsync(big, Noon);
        Assert.True(decision.Allowed);
        Assert.Equal(LimitKind.Tokens, (await Store.AdmitAsync(Request(limits, tokens: 30), Noon)).Exceeded);

        await Store.ReleaseAsync(big, decision.TokenWindow, actualTokens: 20);

        Assert.True((await Store.AdmitAsync(Request(limits, tokens: 30), Noon)).Allowed);
    }

    [Fact]
    public async Task Tokens_are_per_tenant_across_keys()
    {
        var limits = Limits(tpm: 50);
        Assert.True((await Store.AdmitAsync(Request(limits, tokens: 40, key: "a"), Noon)).Allowed);
        Assert.Equal(LimitKind.Tokens, (await Store.AdmitAsync(Request(limits, tokens: 40, key: "b"), Noon)).Exceeded);
    }

    [Fact]
    public async Task Monthly_quota_refuses_once_spent_until_next_month()
    {
        var limits = Limits(quota: 1000);
        await Store.SeedMonthlyUsageAsync(Tenant, Noon, 0);
        Assert.True((await Store.AdmitAsync(Request(limits), Noon)).Allowed);

        await Store.AddMonthlyUsageAsync(Tenant, Noon, 1000);

        var refused = await Store.AdmitAsync(Request(limits), Noon);
        Assert.Equal(LimitKind.MonthlyQuota, refused.Exceeded);
        Assert.True(refused.RetryAfter > TimeSpan.FromDays(3));
        Assert.True((await Store.AdmitAsync(Request(limits), Noon.AddMonths(1))).MonthlySpendUnknown);
        await Store.SeedMonthlyUsageAsync(Tenant, Noon.AddMonths(1), 0);
        Assert.True((await Store.AdmitAsync(Request(limits), Noon.AddMonths(1))).Allowed);
    }

    [Fact]
    public async Task Quota_whose_month_counter_is_missing_is_unknown_and_counts_nothing()
    {
        var limits = Limits(rpm: 3, quota: 1000);

        var unknown = await Store.AdmitAsync(Request(limits), Noon);

        Assert.True(unknown.MonthlySpendUnknown);
        Assert.False(unknown.Allowed);
        await Store.SeedMonthlyUsageAsync(Tenant, Noon, 0);
        for (var i = 0; i < 3; i++)
        {
            var request = Request(limits);
            var decision = await Store.AdmitAsync(request, Noon);
            Assert.True(decision.Allowed);
            await Store.ReleaseAsync(request, decision.TokenWindow, 10);
        }

        Assert.Equal(LimitKind.Requests, (await Store.AdmitAsync(Request(limits), Noon)).Exceeded);
    }

    [Fact]
    public async Task Usage_is_added_only_to_a_month_counter_that_exists_and_a_counter_is_seeded_once()
    {
        await Store.AddMonthlyUsageAsync(Tenant, Noon, 500); // the ledger holds it: the rebuild will count it

        Assert.True(await Store.SeedMonthlyUsageAsync(Tenant, Noon, 100));
        Assert.False(await Store.SeedMonthlyUsageAsync(Tenant, Noon, 999));
        await Store.AddMonthlyUsageAsync(Tenant, Noon, 200);

        Assert.True((await Store.AdmitAsync(Request(Limits(quota: 301), tokens: 0), Noon)).Allowed);
        Assert.Equal(LimitKind.MonthlyQuota, (await Store.AdmitAsync(Request(Limits(quota: 300), tokens: 0), Noon)).Exceeded);
    }

    [Fact]
    public async Task Forgotten_month_counter_is_unknown_again()
    {
        await Store.SeedMonthlyUsageAsync(Tenant, Noon, 10);

        await Store.ForgetMonthlyUsageAsync(Tenant, Noon);

        Assert.True((await Store.AdmitAsync(Request(Limits(quota: 1000)), Noon)).MonthlySpendUnknown);
    }

    [Fact]
    public async Task Quota_counts_tokens_reserved_by_requests_in_flight_until_they_are_released()
    {
        var limits = Limits(quota: 1000);
        await Store.SeedMonthlyUsageAsync(Tenant, Noon, 0);
        var big = Request(limits, tokens: 1000);
        var decision = await Store.AdmitAsync(big, Noon);
        Assert.True(decision.Allowed);

        Assert.Equal(LimitKind.MonthlyQuota, (await Store.AdmitAsync(Request(limits), Noon)).Exceeded);

        await Store.ReleaseAsync(big, decision.TokenWindow, actualTokens: 5);
        Assert.True((await Store.AdmitAsync(Request(limits), Noon)).Allowed);
    }

    [Fact]
    public async Task Reservation_of_a_request_never_released_expires_with_its_lease()
    {
        var limits = Limits(quota: 1000);
        await Store.SeedMonthlyUsageAsync(Tenant, Noon, 0);
        Assert.True((await Store.AdmitAsync(Request(limits, tokens: 1000), Noon)).Allowed);

        Assert.True((await Store.AdmitAsync(Request(limits), Noon + LimitWindows.ConcurrencyLease + TimeSpan.FromSeconds(1))).Allowed);
    }

    [Fact]
    public async Task A_limit_set_later_counts_only_requests_admitted_under_it()
    {
        // Admitted while the plan was unlimited and never released: no request log, no slot, no token reservation.
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await Store.AdmitAsync(Request(Limits(), tokens: 50), Noon)).Allowed);
        }

        Assert.True((await Store.AdmitAsync(Request(Limits(rpm: 1)), Noon)).Allowed);
        Assert.True((await Store.AdmitAsync(Request(Limits(concurrency: 1)), Noon)).Allowed);
        Assert.True((await Store.AdmitAsync(Request(Limits(tpm: 60), tokens: 60), Noon)).Allowed);
    }

    [Fact]
    public async Task Refused_request_counts_against_nothing()
    {
        var limits = Limits(rpm: 1, tpm: 1000);
        Assert.True((await Store.AdmitAsync(Request(limits, tokens: 10), Noon)).Allowed);
        var refused = await Store.AdmitAsync(Request(limits, tokens: 10), Noon);
        Assert.False(refused.Allowed);

        Assert.Equal(990, refused.TokensRemaining);
    }
}

public sealed class InProcessLimitStoreTests : LimitStoreContract
{
    internal override ILimitStore Store { get; } = new InProcessLimitStore();
}

public sealed class RedisLimitStoreTests : LimitStoreContract, IAsyncLifetime
{
    private readonly Infrastructure.TestServers _servers = new();
    private StackExchange.Redis.ConnectionMultiplexer? _redis;
    private ILimitStore? _store;

    internal override ILimitStore Store => _store!;

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        _redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_servers.Redis);
        _store = new RedisLimitStore(RedisConnection.Of(_redis));
    }

    [Fact]
    public async Task Unlimited_key_leaves_nothing_in_redis()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await Store.AdmitAsync(Request(Limits()), DateTimeOffset.UtcNow)).Allowed);
        }

        var server = _redis!.GetServer(_redis.GetEndPoints()[0]);
        Assert.Empty(server.Keys(pattern: $"limits:*{Run}*"));

        Assert.True((await Store.AdmitAsync(Request(Limits(rpm: 5)), DateTimeOffset.UtcNow)).Allowed);
        Assert.Single(server.Keys(pattern: $"limits:*{Run}*")); // the key's request log, now that it is limited
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await _servers.DisposeAsync();
    }
}
