using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>Priority classes with aging: completion ahead of chat, but never ahead of chat that has waited long enough.</summary>
public sealed class SchedulerPriorityTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_fresh_completion_goes_ahead_of_chat_that_waited_less_than_the_aging_interval()
    {
        var clock = new ManualTimeProvider(Start);
        var scheduler = new Scheduler(Options(TimeSpan.FromSeconds(1)), clock);
        scheduler.Add(SequenceFactory.Create("chat", promptLength: 4, priority: 1));
        clock.Advance(TimeSpan.FromMilliseconds(900));
        scheduler.Add(SequenceFactory.Create("completion", promptLength: 4, priority: 0));

        Assert.Equal(["completion", "chat"], AdmissionOrder(scheduler));
    }

    [Fact]
    public void Chat_that_waited_longer_than_the_aging_interval_goes_ahead_of_a_fresh_completion()
    {
        var clock = new ManualTimeProvider(Start);
        var scheduler = new Scheduler(Options(TimeSpan.FromSeconds(1)), clock);
        scheduler.Add(SequenceFactory.Create("chat", promptLength: 4, priority: 1));
        clock.Advance(TimeSpan.FromMilliseconds(1100));
        scheduler.Add(SequenceFactory.Create("completion", promptLength: 4, priority: 0));

        Assert.Equal(["chat", "completion"], AdmissionOrder(scheduler));
    }

    [Fact]
    public void Under_a_steady_stream_of_completions_chat_is_admitted_once_it_has_aged()
    {
        var clock = new ManualTimeProvider(Start);
        var scheduler = new Scheduler(Options(TimeSpan.FromMilliseconds(500)), clock);
        scheduler.Add(SequenceFactory.Create("chat", promptLength: 4, maxTokens: 1, priority: 1));
        var admitted = new List<(string Id, TimeSpan At)>();
        for (int i = 0; i < 20; i++)
        {
            // A completion arrives every 100 ms and one sequence runs at a time.
            scheduler.Add(SequenceFactory.Create($"completion-{i}", promptLength: 4, maxTokens: 1, priority: 0));
            var output = scheduler.Schedule();
            var step = Assert.Single(output.Scheduled);
            admitted.Add((step.RequestId, clock.Now - Start));
            scheduler.UpdateFromOutput(output, new Dictionary<string, SampledToken> { [step.RequestId] = new(1) });
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        var chat = admitted.Single(a => a.Id == "chat");
        Assert.InRange(chat.At, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(700));
    }

    [Fact]
    public void Without_aging_chat_waits_behind_every_completion()
    {
        var clock = new ManualTimeProvider(Start);
        var scheduler = new Scheduler(Options(TimeSpan.Zero), clock);
        scheduler.Add(SequenceFactory.Create("chat", promptLength: 4, priority: 1));
        clock.Advance(TimeSpan.FromHours(1));
        scheduler.Add(SequenceFactory.Create("completion", promptLength: 4, priority: 0));

        Assert.Equal(["completion", "chat"], AdmissionOrder(scheduler));
    }

    [Fact]
    public void A_budget_smaller_than_the_running_sequences_is_refused()
    {
        var errors = new SchedulerOptions { MaxBatchedTokens = 8, MaxRunningSequences = 16 }.Validate();

        Assert.Contains(errors, e => e.Contains("MaxBatchedTokens (8) must be at least MaxRunningSequences (16)", StringComparison.Ordinal));
        Assert.Contains(new EngineOptions { MaxBatchedTokens = 8, MaxRunningSequences = 16 }.Validate(), e => e.Contains("MaxBatchedTokens", StringComparison.Ordinal));
    }

    /// <summary>Admits one sequence per step (a batch of one) and lists who ran, in order.</summary>
    private static List<string> AdmissionOrder(Scheduler scheduler)
    {
        var order = new List<string>();
        while (scheduler.HasUnfinished)
        {
            var output = scheduler.Schedule();
            var step = Assert.Single(output.Scheduled);
            order.Add(step.RequestId);
            scheduler.Abort(step.RequestId);
        }

        return order;
    }

    private static SchedulerOptions Options(TimeSpan aging) => new()
    {
        BlockSize = 4,
        NumBlocks = 64,
        MaxBatchedTokens = 64,
        MaxRunningSequences = 1,
        MaxModelLength = 1024,
        PriorityAgingInterval = aging,
    };
}
