using Platform.Contracts.Generation;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Tests.Streaming;

/// <summary>How a stream follows one run of its generation, and what it does when that run's worker is lost.</summary>
public sealed class GenerationAttemptTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private static GenerationFinished Finished(Guid attempt, int deltas, string? text = null) => new()
    {
        GenerationId = Id,
        Attempt = attempt,
        Model = "m",
        FinishReason = FinishReason.Stop,
        DeltaCount = deltas,
        PromptTokens = 3,
        CompletionTokens = deltas,
        QueueTime = TimeSpan.Zero,
        WorkerTime = TimeSpan.Zero,
        Text = text,
    };

    private static GenerationDelta Delta(Guid attempt, int sequence, string text) => new(Id, sequence, text) { Attempt = attempt };

    private static async Task<List<GenerationEvent>> DrainAsync(GenerationStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var events = new List<GenerationEvent>();
        await foreach (var item in stream.ReadAllAsync(timeout.Token))
        {
            events.Add(item);
        }

        return events;
    }

    [Fact]
    public async Task A_redelivered_run_restarts_a_stream_that_showed_nothing_and_its_text_alone_is_read()
    {
        var stream = new GenerationStream(Id, "m");
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        stream.OnDelta(Delta(first, 1, "lost-b")); // out of order: nothing shown yet
        stream.OnDelta(Delta(second, 0, "x"));
        stream.OnDelta(Delta(first, 0, "lost-a")); // the dead run's late message
        stream.OnDelta(Delta(second, 1, "y"));
        stream.OnFinished(Finished(second, 2));

        var events = await DrainAsync(stream);
        Assert.Equal(["x", "y"], events.OfType<GenerationEvent.Text>().Select(text => text.Value));
        Assert.IsType<GenerationEvent.Finished>(events[^1]);
        Assert.Equal(1, stream.Retries);
    }

    [Fact]
    public async Task A_second_run_after_text_was_shown_ends_the_stream_with_worker_lost_instead_of_splicing()
    {
        var stream = new GenerationStream(Id, "m");
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        stream.OnDelta(Delta(first, 0, "a"));
        stream.OnDelta(Delta(second, 0, "other run"));
        stream.OnFinished(Finished(second, 1));

        var events = await DrainAsync(stream);
        Assert.Equal(["a"], events.OfType<GenerationEvent.Text>().Select(text => text.Value));
        var ending = Assert.IsType<GenerationEvent.Rejected>(events[^1]);
        Assert.Equal(GenerationRejectionCodes.WorkerLost, ending.Code);
        Assert.True(stream.EndedByGateway);
    }

    [Fact]
    public async Task A_silent_worker_loses_its_lease_and_a_stream_that_showed_text_ends_with_worker_lost()
    {
        var time = new ManualTime();
        var stream = new GenerationStream(Id, "m", time);
        var attempt = Guid.NewGuid();
        stream.OnDelta(Delta(attempt, 0, "a"));

        time.Advance(TimeSpan.FromSeconds(2));
        stream.OnAlive(attempt);
        time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.False(stream.CheckLease(Lease)); // renewed by the heartbeat
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(stream.CheckLease(Lease));

        var events = await DrainAsync(stream);
        Assert.Equal(GenerationRejectionCodes.WorkerLost, Assert.IsType<GenerationEvent.Rejected>(events[^1]).Code);
    }

    [Fact]
    public async Task A_silent_worker_of_a_stream_that_showed_nothing_is_retried_once_then_the_stream_ends()
    {
        var time = new ManualTime();
        var stream = new GenerationStream(Id, "m", time);
        stream.OnAlive(Guid.NewGuid());
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(stream.CheckLease(Lease));
        Assert.False(stream.Running); // waiting for the redelivered command

        stream.OnAlive(Guid.NewGuid());
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(stream.CheckLease(Lease));

        var events = await DrainAsync(stream);
        Assert.Equal(GenerationRejectionCodes.WorkerLost, Assert.IsType<GenerationEvent.Rejected>(Assert.Single(events)).Code);
    }

    [Fact]
    public async Task A_worker_handing_a_generation_back_while_stopping_lets_the_next_run_answer()
    {
        var stream = new GenerationStream(Id, "m");
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        stream.OnRejected(new GenerationRejected(Id, GenerationRejectionCodes.WorkerStopping, "stopping") { Attempt = first });
        stream.OnFinished(Finished(second, 0, "whole answer"));

        var events = await DrainAsync(stream);
        Assert.Equal("whole answer", Assert.IsType<GenerationEvent.Text>(events[0]).Value);
        Assert.IsType<GenerationEvent.Finished>(events[1]);
    }

    [Fact]
    public async Task A_stream_failed_by_the_gateway_ignores_later_output()
    {
        var stream = new GenerationStream(Id, "m");
        stream.Fail(GenerationRejectionCodes.Unavailable, "bus down");
        stream.OnDelta(Delta(Guid.NewGuid(), 0, "late"));

        var events = await DrainAsync(stream);
        Assert.Equal(GenerationRejectionCodes.Unavailable, Assert.IsType<GenerationEvent.Rejected>(Assert.Single(events)).Code);
        Assert.True(stream.EndedByGateway);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
