using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>The long-prefill cap: a long prompt arriving beside running streams is split so that they keep decoding.</summary>
public sealed class SchedulerPrefillCapTests
{
    [Fact]
    public void While_others_decode_a_long_prompt_takes_at_most_the_cap_per_step_and_every_decode_gets_its_token()
    {
        var scheduler = new Scheduler(Options(cap: 16));
        StartDecoding(scheduler, 8);
        scheduler.Add(SequenceFactory.Create("long", promptLength: 100, firstToken: 5000));

        var chunks = new List<int>();
        for (int step = 0; step < 10; step++)
        {
            var output = scheduler.Schedule();
            Assert.All(Enumerable.Range(0, 8), i => Assert.Contains(output.Scheduled, s => s.RequestId == $"stream-{i}" && s.IsDecode));
            chunks.Add(output.Scheduled.Single(s => s.RequestId == "long").NumTokens);
            scheduler.UpdateFromOutput(output, SampleAll(output));
        }

        Assert.All(chunks[..6], c => Assert.Equal(16, c));
        Assert.Equal(4, chunks[6]);
        Assert.Equal(1, chunks[7]);
    }

    [Fact]
    public void Without_the_cap_a_long_prompt_takes_the_whole_budget_left_by_the_decodes()
    {
        var scheduler = new Scheduler(Options(cap: 0));
        StartDecoding(scheduler, 8);
        scheduler.Add(SequenceFactory.Create("long", promptLength: 100, firstToken: 5000));

        var output = scheduler.Schedule();

        Assert.Equal(64 - 8, output.Scheduled.Single(s => s.RequestId == "long").NumTokens);
    }

    [Fact]
    public void A_long_prompt_alone_is_not_capped()
    {
        var scheduler = new Scheduler(Options(cap: 16));
        scheduler.Add(SequenceFactory.Create("long", promptLength: 100));

        Assert.Equal(64, Assert.Single(scheduler.Schedule().Scheduled).NumTokens);
    }

    [Fact]
    public void A_running_prefill_ahead_of_the_decodes_leaves_them_their_tokens()
    {
        // The prefilling sequence runs first (completion class) and would take the whole budget without the reservation.
        var scheduler = new Scheduler(Options(cap: 0));
        StartDecoding(scheduler, 8, priority: 1);
        scheduler.Add(SequenceFactory.Create("long", promptLength: 300, firstToken: 5000, priority: 0));
        var first = scheduler.Schedule();
        scheduler.UpdateFromOutput(first, SampleAll(first));

        var output = scheduler.Schedule();

        Assert.Equal("long", output.Scheduled[0].RequestId);
        Assert.Equal(8, output.Scheduled.Count(s => s.IsDecode));
        Assert.Equal(64, output.TotalScheduledTokens);
    }

    private static void StartDecoding(Scheduler scheduler, int count, int priority = 0)
    {
        for (int i = 0; i < count; i++)
        {
            scheduler.Add(SequenceFactory.Create($"stream-{i}", promptLength: 3, maxTokens: 100, firstToken: 100 * (i + 1), priority: priority));
        }

        var output = scheduler.Schedule();
        scheduler.UpdateFromOutput(output, SampleAll(output));
    }

    private static Dictionary<string, SampledToken> SampleAll(SchedulerOutput output) =>
        output.Scheduled.Where(s => s.SamplesNextToken).ToDictionary(s => s.RequestId, _ => new SampledToken(7));

    private static SchedulerOptions Options(int cap) => new()
    {
        BlockSize = 4,
        NumBlocks = 512,
        MaxBatchedTokens = 64,
        MaxRunningSequences = 16,
        MaxModelLength = 1024,
        LongPrefillTokenThreshold = cap,
    };
}
