using Platform.Contracts.Generation;
using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>
/// The fake model's output depends only on token history read back through the KV bookkeeping, so batched,
/// chunked, preempted and prefix-cached runs must produce exactly the one-at-a-time greedy outputs.
/// </summary>
public sealed class BatchingEquivalenceTests
{
    [Theory]
    [InlineData(4, 400, 64, 20, true)]
    [InlineData(4, 40, 16, 16, true)] // a tiny pool forces preemption
    [InlineData(4, 40, 16, 16, false)]
    [InlineData(1, 160, 9, 8, true)] // odd budget, one-token blocks
    [InlineData(16, 12, 32, 20, true)]
    public void Greedy_outputs_of_20_concurrent_sequences_equal_one_at_a_time_outputs(
        int blockSize, int numBlocks, int maxBatchedTokens, int maxRunning, bool prefixCaching)
    {
        var random = new Random(1234);
        string[] tenants = ["tenant-a", "tenant-b"];
        int[] sharedPrefix = [.. Enumerable.Range(0, 40).Select(_ => random.Next(FakePagedModel.VocabularySize))];
        var requests = Enumerable.Range(0, 20).Select(i => (
            Id: $"seq{i}",
            Prompt: (int[])[.. sharedPrefix.Take(random.Next(0, 40)), .. Enumerable.Range(0, random.Next(1, 30)).Select(_ => random.Next(FakePagedModel.VocabularySize))],
            MaxTokens: random.Next(1, 30),
            Tenant: tenants[i % 2],
            Priority: i % 3 == 0 ? 1 : 0)).ToList();
        var options = new SchedulerOptions
        {
            BlockSize = blockSize,
            NumBlocks = numBlocks,
            MaxBatchedTokens = maxBatchedTokens,
            MaxRunningSequences = maxRunning,
            MaxModelLength = 256,
            EnablePrefixCaching = prefixCaching,
        };

        var concurrent = new EngineDriver(options);
        foreach (var r in requests)
        {
            concurrent.Scheduler.Add(new Sequence(r.Id, r.Prompt, SequenceFactory.Sampling(r.MaxTokens)) { CacheSalt = r.Tenant, Priority = r.Priority });
        }

        concurrent.RunToCompletion();

        foreach (var r in requests)
        {
            var alone = new EngineDriver(options);
            alone.Scheduler.Add(new Sequence(r.Id, r.Prompt, SequenceFactory.Sampling(r.MaxTokens)) { CacheSalt = r.Tenant });
            alone.RunToCompletion();
            var expected = FakePagedModel.Reference(r.Prompt, r.MaxTokens);

            Assert.Equal(expected, alone.Generated[r.Id]);
            Assert.Equal(expected, concurrent.Generated[r.Id]);
            var reason = concurrent.Finished[r.Id].Reason;
            Assert.Equal(FakePagedModel.IsStopToken(expected[^1]) ? FinishReason.Stop : FinishReason.Length, reason);
        }

        var stats = concurrent.Scheduler.GetStats();
        Assert.Equal(0, stats.UsedKvBlocks);
        Assert.Equal(requests.Sum(r => r.Prompt.Length), stats.PromptTokens);
        if (numBlocks <= 40)
        {
            Assert.True(stats.Preemptions > 0, "the tiny pool should have forced preemption");
        }

        if (prefixCaching)
        {
            Assert.True(stats.PrefixCacheHitTokens > 0, "the shared prefix should have hit the cache");
        }
    }
}
