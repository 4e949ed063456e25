using Platform.Contracts.Generation;
using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

public sealed class SchedulerTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_long_prompt_is_prefilled_in_chunks_within_the_token_budget()
    {
        var scheduler = new Scheduler(Options(maxBatchedTokens: 8));
        scheduler.Add(SequenceFactory.Create("long", promptLength: 20));

        var chunks = new List<ScheduledSequence>();
        for (int i = 0; i < 3; i++)
        {
            var output = scheduler.Schedule();
            Assert.True(output.TotalScheduledTokens <= 8);
            var step = Assert.Single(output.Scheduled);
            chunks.Add(step);
            scheduler.UpdateFromOutput(output, step.SamplesNextToken ? Sample(step, 7) : Empty);
        }

        Assert.Equal([8, 8, 4], chunks.Select(c => c.NumTokens));
        Assert.Equal([0, 8, 16], chunks.Select(c => c.StartPosition));
        Assert.Equal([false, false, true], chunks.Select(c => c.SamplesNextToken));
        Assert.True(scheduler.TryGetSequence("long", out var sequence));
        Assert.Equal(21, sequence.NumTokens);
        Assert.Equal(20, sequence.NumComputedTokens);

        var decode = Assert.Single(scheduler.Schedule().Scheduled);
        Assert.True(decode.IsDecode);
        Assert.Equal<int>([7], decode.TokenIds);
        Assert.Equal(20, decode.StartPosition);
    }

    [Fact]
    public void Slot_mapping_places_each_token_at_its_block_and_offset()
    {
        var scheduler = new Scheduler(Options(blockSize: 4));
        scheduler.Add(SequenceFactory.Create("a", promptLength: 6));

        var step = Assert.Single(scheduler.Schedule().Scheduled);

        int[] expected = [.. Enumerable.Range(0, 6).Select(p => (step.BlockTable[p / 4] * 4) + (p % 4))];
        Assert.Equal<int>(expected, step.SlotMapping);
        Assert.Equal(2, step.BlockTable.Length);
        Assert.Equal(6, step.ContextLength);
    }

    [Fact]
    public void Code_completion_is_admitted_before_chat_that_arrived_earlier()
    {
        var scheduler = new Scheduler(Options(maxRunning: 1));
        scheduler.Add(SequenceFactory.Create("chat", promptLength: 4, priority: 1));
        scheduler.Add(SequenceFactory.Create("completion", promptLength: 4, priority: 0));

        var step = Assert.Single(scheduler.Schedule().Scheduled);

        Assert.Equal("completion", step.RequestId);
    }

    [Fact]
    public void Within_a_priority_class_sequences_are_admitted_in_arrival_order()
    {
        var scheduler = new Scheduler(Options(maxRunning: 2));
        foreach (var id in new[] { "first", "second", "third" })
        {
            scheduler.Add(SequenceFactory.Create(id, promptLength: 4));
        }

        Assert.Equal(["first", "second"], scheduler.Schedule().Scheduled.Select(s => s.RequestId));
    }

    [Fact]
    public void A_waiting_sequence_past_its_deadline_is_dropped_without_running()
    {
        var clock = new ManualTimeProvider(Start);
        var scheduler = new Scheduler(Options(maxRunning: 1), clock);
        scheduler.Add(SequenceFactory.Create("busy", promptLength: 4, maxTokens: 50));
        var late = new Sequence("late", [1, 2, 3], SequenceFactory.Sampling(4)) { Deadline = Start.AddSeconds(1) };
        scheduler.Add(late);
        var first = scheduler.Schedule();
        scheduler.UpdateFromOutput(first, Sample(first.Scheduled[0], 1));

        clock.Advance(TimeSpan.FromSeconds(2));
        var output = scheduler.Schedule();

        Assert.Equal("late", Assert.Single(output.ExpiredRequestIds));
        Assert.Equal((SequenceStatus.Expired, 3, 0), (late.Status, late.NumPromptTokens, late.NumGeneratedTokens));
        Assert.DoesNotContain(output.Scheduled, s => s.RequestId == "late");
        Assert.False(scheduler.TryGetSequence("late", out _));
        Assert.Equal(1, scheduler.GetStats().DeadlineDrops);
    }

    [Fact]
    public void A_sequence_whose_deadline_has_not_passed_runs()
    {
        var clock = new ManualTimeProvider(Start);
        var scheduler = new Scheduler(Options(), clock);
        scheduler.Add(new Sequence("on-time", [1, 2, 3], SequenceFactory.Sampling(4)) { Deadline = Start.AddSeconds(1) });

        Assert.Single(scheduler.Schedule().Scheduled);
    }

    [Fact]
    public void Blocks_running_out_preempt_the_latest_arrival_of_the_lowest_priority_which_then_recomputes()
    {
        // 4 blocks of 4 tokens: two sequences of 7 prompt tokens fill them after a few decodes.
        var scheduler = new Scheduler(Options(blockSize: 4, numBlocks: 4, enablePrefixCaching: false));
        scheduler.Add(SequenceFactory.Create("old-chat", promptLength: 7, maxTokens: 8, firstToken: 100, priority: 1));
        scheduler.Add(SequenceFactory.Create("completion", promptLength: 7, maxTokens: 8, firstToken: 200, priority: 0));
        scheduler.Add(SequenceFactory.Create("new-chat", promptLength: 3, maxTokens: 8, firstToken: 300, priority: 1));

        // The pool fits only two prompts; new-chat waits.
        SchedulerOutput output;
        int step = 0;
        do
        {
            output = scheduler.Schedule();
            scheduler.UpdateFromOutput(output, SampleAll(output, step++));
        }
        while (output.PreemptedRequestIds.IsEmpty && step < 20);

        Assert.Equal<string>(["old-chat"], output.PreemptedRequestIds);
        Assert.True(scheduler.TryGetSequence("old-chat", out var victim));
        Assert.Equal(SequenceStatus.Preempted, victim.Status);
        Assert.Equal(0, victim.NumComputedTokens);
        Assert.Empty(victim.BlockTable);
        int generatedBeforePreemption = victim.NumGeneratedTokens;
        Assert.True(generatedBeforePreemption > 0);

        // Once the completion finishes, the victim recomputes its prompt and generated tokens in one prefill.
        ScheduledSequence? resumed = null;
        while (resumed is null && scheduler.HasUnfinished && step < 100)
        {
            output = scheduler.Schedule();
            resumed = output.Scheduled.FirstOrDefault(s => s.RequestId == "old-chat");
            scheduler.UpdateFromOutput(output, SampleAll(output, step++));
        }

        Assert.NotNull(resumed);
        Assert.Equal(0, resumed.StartPosition);
        Assert.Equal(7 + generatedBeforePreemption, resumed.NumTokens);
        Assert.False(resumed.IsDecode);
        Assert.Equal(1, scheduler.GetStats().Preemptions);
    }

    [Fact]
    public void Within_a_priority_class_the_latest_arrival_is_preempted()
    {
        var scheduler = new Scheduler(Options(blockSize: 4, numBlocks: 6, enablePrefixCaching: false));
        foreach (var (id, first) in new[] { ("a", 100), ("b", 200), ("c", 300) })
        {
            scheduler.Add(SequenceFactory.Create(id, promptLength: 7, maxTokens: 8, firstToken: first));
        }

        for (int step = 0; step < 2; step++)
        {
            var warmup = scheduler.Schedule();
            Assert.Empty(warmup.PreemptedRequestIds);
            scheduler.UpdateFromOutput(warmup, SampleAll(warmup, step));
        }

        // Every sequence now needs a third block and none is free.
        var output = scheduler.Schedule();

        Assert.Equal<string>(["c"], output.PreemptedRequestIds);
        Assert.Equal<string>(["a", "b"], output.Scheduled.Select(s => s.RequestId));
        Assert.Equal(1.0, scheduler.GetStats().KvCacheUsage);
    }

    [Fact]
    public void Running_decodes_are_scheduled_before_a_new_prompt_takes_the_rest_of_the_budget()
    {
        var scheduler = new Scheduler(Options(maxBatchedTokens: 8));
        scheduler.Add(SequenceFactory.Create("decoding", promptLength: 3, maxTokens: 10));
        var first = scheduler.Schedule();
        scheduler.UpdateFromOutput(first, SampleAll(first, 1));
        scheduler.Add(SequenceFactory.Create("new", promptLength: 20, firstToken: 5000));

        var output = scheduler.Schedule();

        Assert.Equal<string>(["decoding", "new"], output.Scheduled.Select(s => s.RequestId));
        Assert.Equal<int>([1, 7], output.Scheduled.Select(s => s.NumTokens));
        Assert.True(output.Scheduled[0].IsDecode);
        Assert.False(output.Scheduled[1].SamplesNextToken);
    }

    [Fact]
    public void A_preempted_sequence_reuses_its_own_cached_blocks_when_prefix_caching_is_on()
    {
        var scheduler = new Scheduler(Options(blockSize: 4, numBlocks: 4));
        // "a" grows to 3 blocks and preempts "b"; it finishes without needing the block holding b's first full block.
        scheduler.Add(SequenceFactory.Create("a", promptLength: 7, maxTokens: 3, firstToken: 100, priority: 0));
        scheduler.Add(SequenceFactory.Create("b", promptLength: 7, maxTokens: 8, firstToken: 200, priority: 1));
        int step = 0;
        ScheduledSequence? resumed = null;
        bool preempted = false;
        while (resumed is null && scheduler.HasUnfinished && step < 100)
        {
            var output = scheduler.Schedule();
            preempted |= output.PreemptedRequestIds.Contains("b");
            resumed = preempted ? output.Scheduled.FirstOrDefault(s => s.RequestId == "b") : null;
            scheduler.UpdateFromOutput(output, SampleAll(output, step++));
        }

        Assert.NotNull(resumed);
        Assert.Equal(4, resumed.StartPosition);
        Assert.Equal(9 - 4, resumed.NumTokens);
    }

    [Fact]
    public void Aborting_frees_the_blocks_of_a_running_sequence_at_once()
    {
        var scheduler = new Scheduler(Options());
        scheduler.Add(SequenceFactory.Create("a", promptLength: 40));
        var output = scheduler.Schedule();
        Assert.True(scheduler.KvCache.NumUsedBlocks > 0);

        Assert.True(scheduler.Abort("a"));

        Assert.Equal(0, scheduler.KvCache.NumUsedBlocks);
        Assert.False(scheduler.HasUnfinished);
        Assert.False(scheduler.Abort("a"));
        // The in-flight step's result for an aborted sequence is ignored.
        Assert.Empty(scheduler.UpdateFromOutput(output, Empty));
    }

    [Fact]
    public void Aborting_a_waiting_sequence_means_it_never_runs()
    {
        var scheduler = new Scheduler(Options());
        scheduler.Add(SequenceFactory.Create("a", promptLength: 4));

        Assert.True(scheduler.Abort("a"));

        Assert.True(scheduler.Schedule().IsEmpty);
        Assert.Equal(1, scheduler.GetStats().Aborted);
    }

    [Fact]
    public void A_sequence_finishes_at_max_tokens_or_when_the_sampler_stops_it_and_frees_its_blocks()
    {
        var scheduler = new Scheduler(Options());
        scheduler.Add(SequenceFactory.Create("length", promptLength: 4, maxTokens: 2));
        scheduler.Add(SequenceFactory.Create("stop", promptLength: 4, maxTokens: 10));

        var output = scheduler.Schedule();
        var finished = scheduler.UpdateFromOutput(output, new Dictionary<string, SampledToken>
        {
            ["length"] = new(5),
            ["stop"] = new(6, FinishReason.Stop),
        });
        Assert.Equal<FinishedSequence>([new FinishedSequence("stop", FinishReason.Stop, 4, 1)], finished);

        output = scheduler.Schedule();
        finished = scheduler.UpdateFromOutput(output, Sample(Assert.Single(output.Scheduled), 7));

        Assert.Equal<FinishedSequence>([new FinishedSequence("length", FinishReason.Length, 4, 2)], finished);
        Assert.Equal(0, scheduler.KvCache.NumUsedBlocks);
        var stats = scheduler.GetStats();
        Assert.Equal(8, stats.PromptTokens);
        Assert.Equal(3, stats.GenerationTokens);
    }

    [Fact]
    public void A_request_that_cannot_fit_even_alone_is_refused_at_once()
    {
        var scheduler = new Scheduler(Options(blockSize: 4, numBlocks: 4));

        Assert.Throws<ContextLengthExceededException>(() => scheduler.Add(SequenceFactory.Create("big", promptLength: 10, maxTokens: 7)));
    }

    [Fact]
    public void A_token_for_a_prefill_chunk_that_samples_nothing_is_rejected()
    {
        var scheduler = new Scheduler(Options(maxBatchedTokens: 4, maxRunning: 4));
        scheduler.Add(SequenceFactory.Create("a", promptLength: 10));
        var output = scheduler.Schedule();

        Assert.Throws<ArgumentException>(() => scheduler.UpdateFromOutput(output, Sample(output.Scheduled[0], 1)));
    }

    private static readonly Dictionary<string, SampledToken> Empty = [];

    internal static SchedulerOptions Options(
        int blockSize = 4, int numBlocks = 64, int maxBatchedTokens = 64, int maxRunning = 8, bool enablePrefixCaching = true) => new()
        {
            BlockSize = blockSize,
            NumBlocks = numBlocks,
            MaxBatchedTokens = maxBatchedTokens,
            MaxRunningSequences = maxRunning,
            MaxModelLength = 1024,
            EnablePrefixCaching = enablePrefixCaching,
        };

    private static Dictionary<string, SampledToken> Sample(ScheduledSequence step, int token) =>
        new() { [step.RequestId] = new SampledToken(token) };

    private static Dictionary<string, SampledToken> SampleAll(SchedulerOutput output, int token) =>
        output.Scheduled.Where(s => s.SamplesNextToken).ToDictionary(s => s.RequestId, _ => new SampledToken(token));
}
