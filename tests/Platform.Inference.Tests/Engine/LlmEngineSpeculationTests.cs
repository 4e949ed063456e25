using System.Text;
using Platform.Contracts.Generation;
using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>
/// With several tokens kept per step, everything that ends or describes a request must come out exactly as without
/// speculation: stop token ids, stop strings, max tokens, logprobs, and seeded sampling (the rejection rule keeps the
/// sampler's draws in step). Every case runs the tiny model on an edit-like prompt whose drafts get accepted.
/// </summary>
[Collection(TinyModelGroup.Name)]
public sealed class LlmEngineSpeculationTests(TinyModelFixture model)
{
    [Fact]
    public void Stop_token_ids_stop_strings_max_tokens_and_logprobs_match_decoding_without_drafts()
    {
        var prompt = EditLikePrompt();
        var plain = NaiveReference.Greedy(model, prompt, 24);
        var greedy = new SamplingSettings { MaxTokens = 24, IgnoreEndOfSequence = true };
        var referenceText = Run(prompt, greedy, 0).Text;
        SamplingSettings[] cases =
        [
            greedy,
            greedy with { MaxTokens = 7 },
            greedy with { StopTokenIds = [plain[9]] },
            greedy with { Stop = [referenceText.Substring(referenceText.Length / 2, 3)] },
            greedy with { Logprobs = true, TopLogprobs = 2 },
        ];

        long accepted = 0;
        foreach (var sampling in cases)
        {
            var without = Run(prompt, sampling, 0);
            var with = Run(prompt, sampling, 4);
            Assert.Equal(without.Tokens, with.Tokens);
            Assert.Equal(without.Text, with.Text);
            Assert.Equal(without.Reason, with.Reason);
            Assert.Equal(without.Chunks.Select(c => c.CompletionTokens), with.Chunks.Select(c => c.CompletionTokens));
            Assert.Equal(without.Chunks.Select(c => c.Logprob?.Logprob), with.Chunks.Select(c => c.Logprob?.Logprob), (a, b) => a is null ? b is null : Math.Abs(a.Value - b!.Value) < 1e-4);
            accepted += with.Accepted;
        }

        Assert.Equal(FinishReason.Stop, Run(prompt, cases[2], 4).Reason);
        Assert.Equal(FinishReason.Stop, Run(prompt, cases[3], 4).Reason);
        Assert.True(accepted > 0, "no draft was accepted, so several tokens per step were never exercised");
    }

    [Fact]
    public void Seeded_sampling_gives_the_same_tokens_with_and_without_drafts()
    {
        var prompt = EditLikePrompt();
        long accepted = 0;
        foreach (var seed in (long[])[1, 2, 3])
        {
            var sampling = new SamplingSettings { MaxTokens = 20, IgnoreEndOfSequence = true, Temperature = 0.5f, Seed = seed };
            var without = Run(prompt, sampling, 0);
            var with = Run(prompt, sampling, 4);
            Assert.Equal(without.Tokens, with.Tokens);
            accepted += with.Accepted;
        }

        Assert.True(accepted > 0, "no draft was accepted under sampling");
    }

    [Fact]
    public void A_request_that_opts_out_is_never_drafted_for()
    {
        var prompt = EditLikePrompt();
        var result = Run(prompt, new SamplingSettings { MaxTokens = 20, IgnoreEndOfSequence = true }, 4, allowSpeculation: false);

        Assert.Equal(0, result.Drafted);
        Assert.Equal(NaiveReference.Greedy(model, prompt, 20), result.Tokens);
    }

    private int[] EditLikePrompt()
    {
        int[] seed = [.. Enumerable.Range(0, 6).Select(i => 100 + (17 * i))];
        return [.. seed, .. NaiveReference.Greedy(model, seed, 40)];
    }

    private Result Run(int[] prompt, SamplingSettings sampling, int speculativeTokens, bool allowSpeculation = true)
    {
        var options = new SchedulerOptions
        {
            BlockSize = 8,
            NumBlocks = 64,
            MaxBatchedTokens = 64,
            MaxRunningSequences = 4,
            MaxModelLength = 512,
            SpeculativeTokens = speculativeTokens,
            PromptLookupMin = 1,
            MinDraftAcceptance = 0, // every decode drafts, so drafts are verified as often as possible
        };
        using var harness = new EngineHarness(model, options);
        var sequence = new Sequence("r", prompt, sampling) { AllowSpeculation = allowSpeculation };
        var reader = harness.Engine.Add(sequence);
        harness.RunToCompletion();
        var chunks = new List<GeneratedChunk>();
        while (reader.TryRead(out var chunk))
        {
            chunks.Add(chunk);
        }

        var text = new StringBuilder();
        chunks.ForEach(c => text.Append(c.Text));
        var stats = harness.Engine.Stats;
        return new Result(sequence.GeneratedTokenIds.ToArray(), text.ToString(), chunks[^1].FinishReason, chunks,
            stats.SpecDecodeDraftTokens, stats.SpecDecodeAcceptedTokens);
    }

    private sealed record Result(int[] Tokens, string Text, FinishReason? Reason, List<GeneratedChunk> Chunks, long Drafted, long Accepted);
}
