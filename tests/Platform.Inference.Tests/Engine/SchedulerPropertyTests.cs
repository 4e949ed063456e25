using Platform.Contracts.Generation;
using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>Seeded random workloads; a failure names its seed so it can be replayed.</summary>
public sealed class SchedulerPropertyTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void All_blocks_return_to_the_pool_after_random_workloads()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            try
            {
                RunRandomWorkload(seed);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"Random workload with seed {seed} failed: {ex.Message}", ex);
            }
        }
    }

    [Fact]
    public void Kv_cache_reference_counts_match_the_block_tables_under_random_allocation_and_frees()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            int blockSize = random.Next(1, 6);
            var kv = new KvCacheManager(random.Next(2, 20), blockSize, enablePrefixCaching: random.Next(4) > 0);
            var live = new List<Sequence>();
            var prefixes = Enumerable.Range(0, 3).Select(_ => RandomTokens(random, random.Next(1, 12))).ToArray();
            var scratch = new List<int>();
            for (int op = 0; op < 60; op++)
            {
                if (live.Count > 0 && random.Next(3) == 0)
                {
                    var victim = live[random.Next(live.Count)];
                    kv.Free(victim);
                    live.Remove(victim);
                }
                else
                {
                    int[] prompt = [.. prefixes[random.Next(prefixes.Length)], .. RandomTokens(random, random.Next(1, 6))];
                    var sequence = SequenceFactory.Create($"s{op}", prompt, salt: random.Next(2) == 0 ? "t1" : "t2");
                    int cached = kv.FindCachedPrefix(sequence, scratch);
                    Assert.True(cached < prompt.Length);
                    if (kv.TryAllocateSlots(sequence, prompt.Length - cached, scratch))
                    {
                        sequence.NumComputedTokens = prompt.Length;
                        kv.CacheComputedBlocks(sequence);
                        live.Add(sequence);
                    }
                    else
                    {
                        Assert.Empty(sequence.BlockTable);
                    }
                }

                AssertReferenceCounts(kv, live);
            }

            foreach (var sequence in live)
            {
                kv.Free(sequence);
            }

            Assert.Equal(kv.NumBlocks, kv.NumFreeBlocks);
            Assert.True(kv.PrefixCacheHitTokens <= kv.PrefixCacheQueriedTokens);
        }
    }

    private static void RunRandomWorkload(int seed)
    {
        var random = new Random(seed);
        var clock = new ManualTimeProvider(Start);
        var maxBatchedTokens = random.Next(1, 40);
        var options = new SchedulerOptions
        {
            BlockSize = random.Next(1, 6),
            NumBlocks = random.Next(4, 24),
            MaxBatchedTokens = maxBatchedTokens,
            MaxRunningSequences = Math.Min(random.Next(1, 7), maxBatchedTokens),
            MaxModelLength = 64,
            EnablePrefixCaching = random.Next(4) > 0,
            PriorityAgingInterval = TimeSpan.FromMilliseconds(random.Next(3) * 20),
            LongPrefillTokenThreshold = random.Next(3) == 0 ? 0 : random.Next(1, 8),
            PreemptionMode = random.Next(2) == 0 ? PreemptionMode.Recompute : PreemptionMode.Swap,
            NumHostBlocks = random.Next(0, 16),
        };
        var driver = new EngineDriver(options, clock);
        var scheduler = driver.Scheduler;
        var prefixes = Enumerable.Range(0, 3).Select(_ => RandomTokens(random, random.Next(1, 10))).ToArray();
        int capacity = options.MaxSequenceLength;
        int nextId = 0;

        for (int step = 0; step < 60; step++)
        {
            for (int arrivals = random.Next(3); arrivals > 0; arrivals--)
            {
                var prefix = prefixes[random.Next(prefixes.Length)];
                int[] prompt = [.. prefix.Take(capacity - 1), .. RandomTokens(random, random.Next(0, 6))];
                prompt = prompt.Length == 0 ? [1] : prompt[..Math.Min(prompt.Length, capacity - 1)];
                scheduler.Add(new Sequence($"r{nextId++}", prompt, SequenceFactory.Sampling(random.Next(1, Math.Min(12, capacity - prompt.Length) + 1)))
                {
                    Priority = random.Next(2),
                    CacheSalt = random.Next(2) == 0 ? "tenant-1" : "tenant-2",
                    Deadline = random.Next(4) == 0 ? clock.Now.AddMilliseconds(random.Next(1, 50)) : null,
                });
            }

            if (random.Next(5) == 0)
            {
                driver.Abort($"r{random.Next(nextId)}");
            }

            clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 10)));
            Action? inFlightAbort = random.Next(10) == 0 ? () => driver.Abort($"r{random.Next(nextId)}") : null;
            driver.Step(
                (_, token) => random.Next(15) == 0 || FakePagedModel.IsStopToken(token) ? FinishReason.Stop : null,
                inFlightAbort);
        }

        // Drain: half the time finish everything, otherwise cancel whatever is left.
        if (random.Next(2) == 0)
        {
            driver.RunToCompletion();
        }
        else
        {
            for (int id = 0; id < nextId; id++)
            {
                driver.Abort($"r{id}");
            }
        }

        Assert.Equal(0, scheduler.KvCache.NumUsedBlocks);
        Assert.Equal(options.NumBlocks, scheduler.KvCache.Pool.FreeQueue().Count());
        Assert.Equal(nextId, driver.Finished.Count + driver.Expired.Count);
        var stats = scheduler.GetStats();
        Assert.Equal(0, stats.RunningSequences + stats.WaitingSequences);
        Assert.Equal(driver.Generated.Values.Sum(g => g.Count), stats.GenerationTokens);
    }

    private static void AssertReferenceCounts(KvCacheManager kv, List<Sequence> live)
    {
        var references = new int[kv.NumBlocks];
        foreach (int block in live.SelectMany(s => s.BlockTable))
        {
            references[block]++;
        }

        for (int block = 0; block < kv.NumBlocks; block++)
        {
            if (references[block] != kv.Pool.GetRefCount(block) || (references[block] > 1 && !kv.Pool.IsHashed(block)))
            {
                Assert.Fail($"block {block}: {kv.Pool.GetRefCount(block)} references, {references[block]} holders");
            }
        }

        if (references.Count(r => r == 0) != kv.NumFreeBlocks)
        {
            Assert.Fail("the free count disagrees with the reference counts");
        }
    }

    private static int[] RandomTokens(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.Next(FakePagedModel.VocabularySize))];
}
