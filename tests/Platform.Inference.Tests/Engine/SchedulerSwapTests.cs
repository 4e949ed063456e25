using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>Preemption by swap: the victim's KV goes to host blocks and comes back, so it resumes where it stopped.</summary>
public sealed class SchedulerSwapTests
{
    [Fact]
    public void A_swapped_victim_resumes_at_its_computed_tokens_with_its_blocks_copied_back()
    {
        var driver = new EngineDriver(Options(hostBlocks: 8));
        var scheduler = driver.Scheduler;
        scheduler.Add(SequenceFactory.Create("old", promptLength: 7, maxTokens: 8, firstToken: 100, priority: 0));
        scheduler.Add(SequenceFactory.Create("victim", promptLength: 7, maxTokens: 8, firstToken: 200, priority: 1));

        SchedulerOutput output;
        do
        {
            output = driver.Step(stopRule: (_, _) => null);
        }
        while (output.PreemptedRequestIds.IsEmpty);

        Assert.Equal<string>(["victim"], output.PreemptedRequestIds);
        Assert.True(scheduler.TryGetSequence("victim", out var victim));
        Assert.Equal(SequenceStatus.Swapped, victim.Status);
        int computed = victim.NumComputedTokens;
        Assert.Equal(computed > 0 ? ((computed - 1) / 4) + 1 : 0, output.SwapOut.Length);
        Assert.Equal(output.SwapOut.Select(c => c.HostBlock), victim.HostBlockTable);

        ScheduledSequence? resumed = null;
        while (resumed is null)
        {
            output = driver.Step(stopRule: (_, _) => null);
            resumed = output.Scheduled.FirstOrDefault(s => s.RequestId == "victim");
        }

        Assert.Equal(computed, resumed.StartPosition);
        Assert.True(resumed.IsDecode);
        Assert.Equal(output.SwapIn.Select(c => c.DeviceBlock), resumed.BlockTable.Take(output.SwapIn.Length));
        driver.RunToCompletion();
        // The fake model reads every position back through the block tables: swapped KV that came back wrong fails here.
        Assert.Equal(FakePagedModel.Reference([.. Enumerable.Range(200, 7)], 8), driver.Generated["victim"]);
        var stats = scheduler.GetStats();
        Assert.Equal((1, 1), (stats.Preemptions, stats.SwapPreemptions));
        Assert.Equal(stats.SwappedOutBlocks, stats.SwappedInBlocks);
        Assert.Equal(0, scheduler.SwapSpace.NumUsedBlocks);
    }

    [Fact]
    public void With_the_swap_space_full_a_victim_recomputes()
    {
        var driver = new EngineDriver(Options(hostBlocks: 1));
        driver.Scheduler.Add(SequenceFactory.Create("old", promptLength: 7, maxTokens: 8, firstToken: 100, priority: 0));
        driver.Scheduler.Add(SequenceFactory.Create("victim", promptLength: 7, maxTokens: 8, firstToken: 200, priority: 1));

        driver.RunToCompletion();

        var stats = driver.Scheduler.GetStats();
        Assert.True(stats.Preemptions > 0);
        Assert.Equal(0, stats.SwapPreemptions);
        Assert.Equal(FakePagedModel.Reference([.. Enumerable.Range(200, 7)], 8), driver.Generated["victim"]);
    }

    [Fact]
    public void Aborting_a_swapped_sequence_frees_its_host_blocks()
    {
        var driver = new EngineDriver(Options(hostBlocks: 8));
        driver.Scheduler.Add(SequenceFactory.Create("old", promptLength: 7, maxTokens: 8, firstToken: 100, priority: 0));
        driver.Scheduler.Add(SequenceFactory.Create("victim", promptLength: 7, maxTokens: 8, firstToken: 200, priority: 1));
        while (driver.Step(stopRule: (_, _) => null).PreemptedRequestIds.IsEmpty)
        {
        }

        Assert.True(driver.Scheduler.SwapSpace.NumUsedBlocks > 0);
        driver.Abort("victim");

        Assert.Equal(0, driver.Scheduler.SwapSpace.NumUsedBlocks);
    }

    private static SchedulerOptions Options(int hostBlocks) => new()
    {
        BlockSize = 4,
        NumBlocks = 4,
        MaxBatchedTokens = 64,
        MaxRunningSequences = 8,
        MaxModelLength = 1024,
        EnablePrefixCaching = false,
        PreemptionMode = PreemptionMode.Swap,
        NumHostBlocks = hostBlocks,
    };
}
