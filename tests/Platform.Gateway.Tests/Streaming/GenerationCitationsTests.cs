using Platform.Contracts.Chat;
using Platform.Contracts.Generation;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Tests.Streaming;

/// <summary>A grounded chat's citations are read before any of its text, whatever order the bus delivers them in.</summary>
public sealed class GenerationCitationsTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly ChatCitation Source = new() { Index = 1, Kind = "url", Url = "https://example.com/", Title = "Example" };

    private static GenerationFinished Finished(int deltas) => new()
    {
        GenerationId = Id, Model = "m", FinishReason = FinishReason.Stop, DeltaCount = deltas, PromptTokens = 1,
        CompletionTokens = deltas, QueueTime = TimeSpan.Zero, WorkerTime = TimeSpan.Zero,
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
    public async Task Text_and_finish_that_overtake_the_citations_wait_for_them()
    {
        var stream = new GenerationStream(Id, "m");
        stream.ExpectCitations();

        stream.OnDelta(new GenerationDelta(Id, 0, "a"));
        stream.OnDelta(new GenerationDelta(Id, 1, "b"));
        stream.OnFinished(Finished(2));
        stream.OnCitations([Source]);

        var events = await DrainAsync(stream);
        Assert.Equal([Source], Assert.IsType<GenerationEvent.Citations>(events[0]).Sources);
        Assert.Equal(["a", "b"], events.OfType<GenerationEvent.Text>().Select(text => text.Value));
        Assert.IsType<GenerationEvent.Finished>(events[^1]);
    }

    [Fact]
    public async Task Citations_sent_twice_or_not_asked_for_are_read_once_or_not_at_all()
    {
        var grounded = new GenerationStream(Id, "m");
        grounded.ExpectCitations();
        grounded.OnCitations([Source]);
        grounded.OnCitations([Source]); // a redelivered request
        grounded.OnFinished(Finished(0));
        var plain = new GenerationStream(Id, "m");
        plain.OnCitations([Source]);
        plain.OnFinished(Finished(0));

        Assert.Single((await DrainAsync(grounded)).OfType<GenerationEvent.Citations>());
        Assert.Empty((await DrainAsync(plain)).OfType<GenerationEvent.Citations>());
    }

    [Fact]
    public async Task A_rejection_ends_a_stream_still_waiting_for_citations()
    {
        var stream = new GenerationStream(Id, "m");
        stream.ExpectCitations();

        stream.OnRejected(new GenerationRejected(Id, GenerationRejectionCodes.InvalidRequest, "No repository named 'x'."));

        var rejected = Assert.IsType<GenerationEvent.Rejected>(Assert.Single(await DrainAsync(stream)));
        Assert.Equal(GenerationRejectionCodes.InvalidRequest, rejected.Code);
    }
}
