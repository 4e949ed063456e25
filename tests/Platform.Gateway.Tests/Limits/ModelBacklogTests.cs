using Microsoft.Extensions.Options;
using Platform.Gateway.Limits;

namespace Platform.Gateway.Tests.Limits;

public sealed class ModelBacklogTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void An_empty_backlog_admits()
    {
        var backlog = Create(maxWaiting: 2);

        Assert.Null(backlog.RetryAfter("m"));
    }

    [Fact]
    public void A_full_backlog_refuses_until_a_request_starts()
    {
        var backlog = Create(maxWaiting: 2);
        var first = Guid.NewGuid();
        backlog.Waiting("m", first);
        backlog.Waiting("m", Guid.NewGuid());

        Assert.NotNull(backlog.RetryAfter("m"));
        Assert.Null(backlog.RetryAfter("other"));

        backlog.Started("m", first);
        Assert.Null(backlog.RetryAfter("m"));
    }

    [Fact]
    public void A_request_waiting_longer_than_the_limit_refuses_new_ones_with_that_back_off()
    {
        var backlog = Create(maxWaiting: 100, maxWait: TimeSpan.FromSeconds(5));
        backlog.Waiting("m", Guid.NewGuid());
        _clock.Advance(TimeSpan.FromSeconds(3));
        backlog.Waiting("m", Guid.NewGuid());
        Assert.Null(backlog.RetryAfter("m"));

        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(5), backlog.RetryAfter("m"));
    }

    [Fact]
    public void Starting_a_request_twice_or_one_never_waiting_leaves_the_depth_right()
    {
        var backlog = Create(maxWaiting: 100);
        var id = Guid.NewGuid();
        backlog.Waiting("m", id);
        backlog.Waiting("m", id);
        backlog.Started("m", id);
        backlog.Started("m", id);
        backlog.Started("m", Guid.NewGuid());

        Assert.Equal(0, backlog.Depth("m"));
    }

    [Fact]
    public async Task Checking_while_requests_come_and_go_never_throws_and_ends_empty()
    {
        // The race that once answered 500: the last waiting request left between the count and the search for the oldest.
        var backlog = Create(maxWaiting: 1_000, maxWait: TimeSpan.FromMinutes(1));
        var churning = 2;
        var churn = Enumerable.Range(0, churning).Select(_ => Task.Run(() =>
        {
            for (var index = 0; index < 100_000; index++)
            {
                var id = Guid.NewGuid();
                backlog.Waiting("m", id);
                backlog.Started("m", id);
            }

            Interlocked.Decrement(ref churning);
        })).ToArray();
        var checkedTimes = 0;
        do
        {
            Assert.Null(backlog.RetryAfter("m"));
            checkedTimes++;
        }
        while (Volatile.Read(ref churning) > 0);

        await Task.WhenAll(churn);
        Assert.True(checkedTimes > 0);
        Assert.Equal(0, backlog.Depth("m"));
    }

    private ModelBacklog Create(int maxWaiting, TimeSpan? maxWait = null) =>
        new(Options.Create(new GatewayOptions { MaxWaitingPerModel = maxWaiting, MaxWaitTime = maxWait ?? TimeSpan.FromSeconds(15) }), _clock);

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
