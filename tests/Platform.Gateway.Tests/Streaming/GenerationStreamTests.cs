using Platform.Contracts.Generation;
using Microsoft.Extensions.Options;
using Platform.Gateway.Limits;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Tests.Streaming;

public sealed class GenerationStreamTests
{
    private static readonly Guid Id = Guid.NewGuid();

    private static GenerationFinished Finished(int deltas) => new()
    {
        GenerationId = Id,
        Model = "m",
        FinishReason = FinishReason.Stop,
        DeltaCount = deltas,
        PromptTokens = 3,
        CompletionTokens = deltas,
        QueueTime = TimeSpan.Zero,
        WorkerTime = TimeSpan.Zero,
    };

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
    public async Task Token_logprobs_travel_with_their_text_and_with_the_finish()
    {
        var stream = new GenerationStream(Id, "m");
        var first = new TokenLogprob("a", -0.5f, [(byte)'a'], []);
        var last = new TokenLogprob("b", -1.5f, [(byte)'b'], [new TopTokenLogprob("c", -1f, [(byte)'c'])]);

        stream.OnDelta(new GenerationDelta(Id, 0, "a") { Logprobs = [first] });
        stream.OnFinished(Finished(1) with { Text = "b", Logprobs = [last] });

        var texts = (await DrainAsync(stream)).OfType<GenerationEvent.Text>().ToList();
        Assert.Equal([first], texts[0].Logprobs!);
        Assert.Equal([last], texts[1].Logprobs!);
    }

    [Fact]
    public async Task Deltas_arriving_out_of_order_are_read_in_sequence()
    {
        var stream = new GenerationStream(Id, "m");

        stream.OnDelta(new GenerationDelta(Id, 2, "c"));
        stream.OnFinished(Finished(3));
        stream.OnDelta(new GenerationDelta(Id, 0, "a"));
        stream.OnDelta(new GenerationDelta(Id, 1, "b"));

        var events = await DrainAsync(stream);
        Assert.Equal(["a", "b", "c"], events.OfType<GenerationEvent.Text>().Select(t => t.Value));
        Assert.IsType<GenerationEvent.Finished>(events[^1]);
    }

    [Fact]
    public async Task Text_carried_by_the_finish_is_read_after_the_deltas_and_before_the_end()
    {
        var stream = new GenerationStream(Id, "m");

        stream.OnFinished(Finished(1) with { Text = "rest" });
        stream.OnDelta(new GenerationDelta(Id, 0, "first "));

        var events = await DrainAsync(stream);
        Assert.Equal(["first ", "rest"], events.OfType<GenerationEvent.Text>().Select(t => t.Value));
        Assert.IsType<GenerationEvent.Finished>(events[^1]);
    }

    [Fact]
    public async Task A_request_without_streaming_gets_all_its_text_from_the_finish_alone()
    {
        var stream = new GenerationStream(Id, "m");

        stream.OnFinished(Finished(0) with { Text = "whole answer" });

        var events = await DrainAsync(stream);
        Assert.Equal(2, events.Count);
        Assert.Equal("whole answer", Assert.IsType<GenerationEvent.Text>(events[0]).Value);
        Assert.IsType<GenerationEvent.Finished>(events[1]);
    }

    [Fact]
    public async Task Finish_waits_for_every_delta_it_counts()
    {
        var stream = new GenerationStream(Id, "m");
        stream.OnFinished(Finished(2));
        stream.OnDelta(new GenerationDelta(Id, 0, "a"));

        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var seen = new List<GenerationEvent>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in stream.ReadAllAsync(shortWait.Token))
            {
                seen.Add(item);
            }
        });
        Assert.Single(seen);

        stream.OnDelta(new GenerationDelta(Id, 1, "b"));
        var rest = await DrainAsync(stream);
        Assert.Equal("b", Assert.IsType<GenerationEvent.Text>(rest[0]).Value);
        Assert.IsType<GenerationEvent.Finished>(rest[1]);
    }

    [Fact]
    public async Task Redelivered_delta_is_not_repeated()
    {
        var stream = new GenerationStream(Id, "m");
        stream.OnDelta(new GenerationDelta(Id, 0, "a"));
        stream.OnDelta(new GenerationDelta(Id, 0, "a"));
        stream.OnFinished(Finished(1));

        var events = await DrainAsync(stream);
        Assert.Single(events.OfType<GenerationEvent.Text>());
    }

    [Fact]
    public async Task Rejection_ends_the_stream()
    {
        var stream = new GenerationStream(Id, "m");
        stream.OnRejected(new GenerationRejected(Id, GenerationRejectionCodes.ContextLengthExceeded, "too long"));

        var events = await DrainAsync(stream);
        var rejected = Assert.IsType<GenerationEvent.Rejected>(Assert.Single(events));
        Assert.Equal(GenerationRejectionCodes.ContextLengthExceeded, rejected.Code);
    }

    [Fact]
    public async Task Messages_for_closed_generations_are_dropped()
    {
        var backlog = new ModelBacklog(Options.Create(new GatewayOptions()), TimeProvider.System);
        var streams = new GenerationStreams(backlog);
        var stream = streams.Open(Id, "m");
        Assert.Equal(1, backlog.Depth("m"));
        streams.Close(Id);

        streams.Deliver(new GenerationDelta(Id, 0, "late"));

        Assert.Equal(0, streams.OpenCount);
        Assert.Equal(0, backlog.Depth("m"));
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in stream.ReadAllAsync(shortWait.Token))
            {
                Assert.Fail("A message for a closed generation was delivered.");
            }
        });
    }
}
