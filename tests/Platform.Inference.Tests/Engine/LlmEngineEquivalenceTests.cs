using Platform.Contracts.Generation;
using Platform.Inference.Engine;
using Platform.Inference.Runners;

namespace Platform.Inference.Tests.Engine;

/// <summary>
/// The real tiny model through the paged runner, batched, chunked, prefix-cached, preempted and partly cancelled, must
/// produce exactly the greedy tokens of the naive reference (one sequence at a time, full recomputation, no cache);
/// likewise through the standard-graph runner, which keeps each sequence's KV itself and so runs without prefix caching,
/// and with preemption by swap (the victims' KV copied to host blocks and back instead of recomputed).
/// </summary>
[Collection(TinyModelGroup.Name)]
public sealed class LlmEngineEquivalenceTests(TinyModelFixture model)
{
    [Theory]
    [InlineData(400, 64, true, false, false)]
    [InlineData(400, 64, false, false, false)]
    [InlineData(14, 48, true, false, false)] // a tiny pool forces preemption by recompute
    [InlineData(14, 48, false, false, false)]
    [InlineData(400, 64, true, true, false)] // some requests cancelled mid-way
    [InlineData(14, 48, true, true, false)]
    [InlineData(400, 64, false, false, true)] // the standard past/present graph
    [InlineData(14, 48, false, true, true)]
    [InlineData(14, 48, true, false, false, 64)] // a tiny pool preempting by swap
    [InlineData(14, 48, false, false, false, 64)]
    [InlineData(14, 48, true, true, false, 64)]
    [InlineData(14, 48, false, false, false, 3)] // a swap space too small for some victims: those recompute
    [InlineData(400, 64, true, false, false, 0, 4)] // prompt-lookup speculation, up to 4 drafts per decode
    [InlineData(400, 64, false, false, false, 0, 3)]
    [InlineData(14, 48, true, false, false, 0, 4)]
    [InlineData(400, 64, true, true, false, 0, 4)]
    [InlineData(400, 30, true, false, false, 0, 8)] // drafts squeezed by a small token budget
    [InlineData(14, 48, true, false, false, 64, 4)] // speculation with swap-preemption
    public void Greedy_outputs_of_20_concurrent_requests_equal_the_naive_reference(
        int numBlocks, int maxBatchedTokens, bool prefixCaching, bool cancelSome, bool standardGraph, int hostBlocks = 0, int speculativeTokens = 0)
    {
        var requests = Requests();
        var options = new SchedulerOptions
        {
            BlockSize = 8,
            NumBlocks = numBlocks,
            MaxBatchedTokens = maxBatchedTokens,
            MaxRunningSequences = 20,
            MaxModelLength = 512,
            EnablePrefixCaching = prefixCaching,
            PreemptionMode = hostBlocks > 0 ? PreemptionMode.Swap : PreemptionMode.Recompute,
            NumHostBlocks = hostBlocks,
            SpeculativeTokens = speculativeTokens,
            PromptLookupMin = 1,
            MinDraftAcceptance = 0, // every decode drafts, so drafts are verified as often as possible
        };
        using var harness = new EngineHarness(model, options, standardGraph: standardGraph);
        var sequences = new Dictionary<string, Sequence>();
        foreach (var r in requests)
        {
            var sequence = new Sequence(r.Id, r.Prompt, SequenceFactory.Sampling(r.MaxTokens)) { CacheSalt = r.Tenant, Priority = r.Priority };
            sequences[r.Id] = sequence;
            harness.Engine.Add(sequence);
        }

        var cancelled = cancelSome ? requests.Where((_, i) => i % 4 == 1).Select(r => r.Id).ToHashSet() : [];
        harness.RunToCompletion(step =>
        {
            if (step == 3)
            {
                foreach (var id in cancelled)
                {
                    Assert.True(harness.Engine.AbortAsync(id).IsCompleted);
                }
            }
        });

        foreach (var r in requests.Where(r => !cancelled.Contains(r.Id)))
        {
            Assert.Equal(NaiveReference.Greedy(model, r.Prompt, r.MaxTokens), sequences[r.Id].GeneratedTokenIds.ToArray());
            Assert.Equal(FinishReason.Length, sequences[r.Id].FinishReason);
        }

        foreach (var id in cancelled)
        {
            Assert.Equal(FinishReason.Cancelled, sequences[id].FinishReason);
        }

        if (harness.Runner is StandardGraphModelRunner standard)
        {
            Assert.Equal(0, standard.NumSequencesHeld);
        }

        var stats = harness.Engine.Stats;
        Assert.Equal(0, stats.UsedKvBlocks);
        Assert.Equal(harness.Engine.Scheduler.KvCache.NumBlocks, harness.Engine.Scheduler.KvCache.NumFreeBlocks);
        if (numBlocks < 20)
        {
            Assert.True(stats.Preemptions > 0, "the tiny pool should have forced preemption");
        }

        if (hostBlocks > 0 && !cancelSome)
        {
            Assert.True(stats.SwapPreemptions > 0, "preemption should have swapped");
            Assert.Equal(stats.SwappedOutBlocks, stats.SwappedInBlocks);
            Assert.Equal(0, stats.UsedHostKvBlocks);
        }

        if (hostBlocks is > 0 and < 8)
        {
            Assert.True(stats.Preemptions > stats.SwapPreemptions, "a full swap space should have made some preemptions recompute");
        }

        if (speculativeTokens > 0)
        {
            // The edit-like request repeats its prompt, so some drafts must have been accepted (and some rejected).
            Assert.True(stats.SpecDecodeAcceptedTokens > 0, "no draft was accepted");
            Assert.True(stats.SpecDecodeDraftTokens > stats.SpecDecodeAcceptedTokens, "every draft was accepted");
        }
        else
        {
            Assert.Equal(0, stats.SpecDecodeDraftTokens);
        }

        if (prefixCaching)
        {
            Assert.True(stats.PrefixCacheHitTokens > 0, "the shared prefixes should have hit the cache");
        }
    }

    private List<(string Id, int[] Prompt, int MaxTokens, string Tenant, int Priority)> Requests()
    {
        var random = new Random(4321);
        var vocabulary = model.Tokenizer.VocabularySize - 16;
        int[] shared = [.. Enumerable.Range(0, 40).Select(_ => random.Next(vocabulary))];
        return [.. Enumerable.Range(0, 19).Select(i => (
            Id: $"req{i}",
            Prompt: (int[])[.. shared.Take(random.Next(0, 41)), .. Enumerable.Range(0, random.Next(1, 24)).Select(_ => random.Next(vocabulary))],
            MaxTokens: random.Next(1, 20),
            Tenant: i % 3 == 0 ? "tenant-b" : "tenant-a",
            Priority: i % 5 == 0 ? 1 : 0)), EditLike()];
    }

    /// <summary>
    /// A prompt whose greedy continuation repeats it: the tiny model's own greedy output after a seed falls into a
    /// cycle, and the prompt already holds a few turns of that cycle, so lookup drafts the model's next tokens.
    /// </summary>
    private (string Id, int[] Prompt, int MaxTokens, string Tenant, int Priority) EditLike()
    {
        int[] seed = [.. Enumerable.Range(0, 6).Select(i => 100 + (17 * i))];
        var loop = NaiveReference.Greedy(model, seed, 40);
        return ("edit", [.. seed, .. loop], 19, "tenant-a", 0);
    }
}
