using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>
/// Checks the scheduler's and KV cache's bookkeeping invariants; fails on the first broken one. Plain conditions
/// rather than xunit asserts in the loops: these run hundreds of thousands of times per test run.
/// </summary>
internal static class EngineInvariants
{
    public static void AssertHold(Scheduler scheduler, SchedulerOptions options, SchedulerOutput? output = null)
    {
        var pool = scheduler.KvCache.Pool;
        var references = new int[pool.NumBlocks];
        Require(scheduler.NumRunning <= options.MaxRunningSequences, "more running sequences than allowed");

        foreach (var sequence in scheduler.Running)
        {
            if (!(sequence.Status == SequenceStatus.Running))
            {
                Assert.Fail($"{sequence} is in the running set");
            }
            if (!(sequence.NumComputedTokens <= sequence.BlockTable.Count * options.BlockSize))
            {
                Assert.Fail($"{sequence} computed past its blocks");
            }
            foreach (int block in sequence.BlockTable)
            {
                references[block]++;
            }

            if (!(sequence.BlockTable.Count == sequence.BlockTable.Distinct().Count()))
            {
                Assert.Fail($"{sequence} holds a block twice");
            }
        }

        int hostBlocks = 0;
        foreach (var sequence in scheduler.Waiting)
        {
            if (sequence.BlockTable.Count != 0)
            {
                Assert.Fail($"waiting {sequence} holds device blocks");
            }

            if (sequence.Status == SequenceStatus.Swapped)
            {
                // A swapped sequence keeps its computed tokens' KV, block for block, in host memory.
                int needed = (sequence.NumComputedTokens + options.BlockSize - 1) / options.BlockSize;
                Require(sequence.NumComputedTokens > 0 && sequence.HostBlockTable.Count == needed, $"swapped {sequence} holds the wrong host blocks");
                hostBlocks += needed;
                continue;
            }

            if (!(sequence.NumComputedTokens == 0 && sequence.HostBlockTable.Count == 0))
            {
                Assert.Fail($"waiting {sequence} holds KV");
            }
            if (!(sequence.Status is SequenceStatus.Waiting or SequenceStatus.Preempted))
            {
                Assert.Fail($"{sequence} is in the waiting queue");
            }
        }

        Require(hostBlocks == scheduler.SwapSpace.NumUsedBlocks, "the swap space's used blocks disagree with the swapped sequences");
        Require(scheduler.Running.All(s => s.HostBlockTable.Count == 0), "a running sequence still holds host blocks");

        int free = 0;
        for (int block = 0; block < pool.NumBlocks; block++)
        {
            if (references[block] != pool.GetRefCount(block))
            {
                Assert.Fail($"block {block} has {pool.GetRefCount(block)} references but {references[block]} holders");
            }

            // Only immutable full blocks found through the prefix cache are ever shared.
            Require(references[block] <= 1 || pool.IsHashed(block), "a block is shared but not a cached full block");
            free += references[block] == 0 ? 1 : 0;
        }

        Require(free == pool.NumFreeBlocks, "the free count disagrees with the reference counts");
        Require(free == pool.FreeQueue().Count(), "the free queue disagrees with the reference counts");

        if (output is not null)
        {
            OutputHolds(scheduler, options, output);
        }
    }

    private static void OutputHolds(Scheduler scheduler, SchedulerOptions options, SchedulerOutput output)
    {
        var pool = scheduler.KvCache.Pool;
        Require(output.TotalScheduledTokens <= options.MaxBatchedTokens, "token budget exceeded");
        Require(output.Scheduled.Length <= options.MaxRunningSequences, "batch larger than max running sequences");
        Require(output.Scheduled.Length == output.Scheduled.Select(s => s.RequestId).Distinct().Count(), "a sequence scheduled twice");
        var slots = new HashSet<int>();
        foreach (var step in output.Scheduled)
        {
            Require(step.NumTokens > 0, "an empty step");
            Require(step.BlockTable.Length * options.BlockSize >= step.ContextLength, "a step with too few blocks");
            foreach (int slot in step.SlotMapping)
            {
                Require(slots.Add(slot), "a slot written twice in one step");
                int block = slot / options.BlockSize;
                // New KV never lands in a block someone else reads or that the prefix cache advertises.
                Require(pool.GetRefCount(block) == 1 && !pool.IsHashed(block), "new KV written into a shared or cached block");
            }
        }

        foreach (var preempted in output.PreemptedRequestIds)
        {
            Require(output.Scheduled.All(s => s.RequestId != preempted), "a preempted sequence is scheduled");
        }

        // Swaps out and in never share a step, so a host block freed by a swap-in is not overwritten before it is read.
        Require(output.SwapOut.IsEmpty || output.SwapIn.IsEmpty, "a step swaps both ways");
        Require(output.SwapOut.Select(c => c.HostBlock).Distinct().Count() == output.SwapOut.Length, "two blocks swapped to one host block");

        // Once a decode is in the step, no later prompt chunk takes more than the long-prefill cap.
        if (options.LongPrefillTokenThreshold > 0)
        {
            var afterDecode = output.Scheduled.SkipWhile(s => !s.IsDecode);
            Require(afterDecode.All(s => s.IsDecode || s.NumTokens <= options.LongPrefillTokenThreshold), "a prefill chunk passed the cap beside decodes");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            Assert.Fail(message);
        }
    }
}
