using Platform.Contracts.Generation;
using Platform.Inference.Sampling;

namespace Platform.Inference.Tests.Sampling;

public sealed class SamplerTests
{
    private static readonly float[] Flat = [.. Enumerable.Repeat(0f, 50)];

    [Fact]
    public void Temperature_zero_picks_the_highest_logit()
    {
        var sampler = new Sampler(new SamplingSettings { MaxTokens = 16 }, 4, []);

        Assert.Equal(2, sampler.Sample([0.1f, 0.5f, 3f, -1f]));
    }

    [Fact]
    public void Ids_beyond_the_tokenizer_vocabulary_are_never_picked()
    {
        var sampler = new Sampler(new SamplingSettings { MaxTokens = 16 }, 3, []);

        Assert.Equal(1, sampler.Sample([0f, 1f, -2f, 9f]));
    }

    [Fact]
    public void The_same_seed_repeats_the_same_tokens()
    {
        var parameters = new SamplingSettings { MaxTokens = 16, Temperature = 1f, Seed = 42 };

        Assert.Equal(Draw(parameters, 40), Draw(parameters, 40));
        Assert.NotEqual(Draw(parameters, 40), Draw(parameters with { Seed = 43 }, 40));
    }

    [Fact]
    public void Top_k_keeps_only_the_k_best()
    {
        var logits = Enumerable.Range(0, 50).Select(i => i / 10f).ToArray();
        var sampler = new Sampler(new SamplingSettings { MaxTokens = 16, Temperature = 5f, TopK = 2, Seed = 1 }, 50, []);

        var tokens = Enumerable.Range(0, 100).Select(_ => sampler.Sample(logits)).ToHashSet();

        Assert.Subset(new HashSet<int> { 48, 49 }, tokens);
    }

    [Fact]
    public void Top_p_keeps_the_smallest_set_reaching_the_mass()
    {
        float[] logits = [5f, 4f, 0f, 0f, 0f];
        var sampler = new Sampler(new SamplingSettings { MaxTokens = 16, Temperature = 1f, TopP = 0.5f, Seed = 3 }, 5, []);

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(0, sampler.Sample(logits)));
    }

    [Fact]
    public void Temperature_sampling_spreads_over_a_flat_distribution()
    {
        var tokens = Draw(new SamplingSettings { MaxTokens = 16, Temperature = 1f, Seed = 9 }, 200);

        Assert.True(tokens.Distinct().Count() > 30);
    }

    [Fact]
    public void Repetition_penalty_demotes_tokens_of_the_prompt()
    {
        var sampler = new Sampler(new SamplingSettings { MaxTokens = 16, RepetitionPenalty = 1.2f }, 2, [0]);

        Assert.Equal(1, sampler.Sample([2.0f, 1.9f]));
    }

    [Fact]
    public void Presence_and_frequency_penalties_demote_generated_tokens()
    {
        var presence = new Sampler(new SamplingSettings { MaxTokens = 16, PresencePenalty = 0.5f }, 2, []);
        Assert.Equal(0, presence.Sample([1f, 0.8f]));
        Assert.Equal(1, presence.Sample([1f, 0.8f]));

        var frequency = new Sampler(new SamplingSettings { MaxTokens = 16, FrequencyPenalty = 0.25f }, 2, []);
        Assert.Equal(0, frequency.Sample([1f, 0.8f]));
        Assert.Equal(1, frequency.Sample([1f, 0.8f]));
    }

    [Fact]
    public void The_same_seed_repeats_top_p_draws_over_a_large_vocabulary()
    {
        var logits = GaussianLogits(151_936, seed: 5);
        var parameters = new SamplingSettings { MaxTokens = 16, Temperature = 0.8f, TopP = 0.9f, Seed = 11 };

        List<int> Run(SamplingSettings settings)
        {
            var sampler = new Sampler(settings, logits.Length, []);
            return [.. Enumerable.Range(0, 30).Select(_ => sampler.Sample(logits))];
        }

        Assert.Equal(Run(parameters), Run(parameters));
        Assert.NotEqual(Run(parameters), Run(parameters with { Seed = 12 }));
    }

    [Fact]
    public void Top_p_keeps_exactly_the_tokens_a_full_sort_would_keep()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 20; trial++)
        {
            var logits = GaussianLogits(5_000, seed: trial);
            var topP = 0.5 + (random.NextDouble() * 0.49);
            var probabilities = new float[logits.Length];
            TokenSelection.Exponentiate(logits, 1f, probabilities);
            var total = probabilities.Sum(p => (double)p);

            var (cutProbability, cutId, mass, _) = TokenSelection.CutTopP(probabilities, topP, SamplingWorkspace.For(logits.Length));

            var ranked = Enumerable.Range(0, logits.Length).OrderByDescending(i => probabilities[i]).ThenBy(i => i).ToArray();
            var cumulative = 0.0;
            var expectedCut = ranked.First(i => (cumulative += probabilities[i]) >= topP * total);
            Assert.Equal(expectedCut, cutId);
            Assert.Equal(probabilities[expectedCut], cutProbability);
            Assert.Equal(cumulative, mass, 1e-3);
        }
    }

    [Fact]
    public void Top_k_keeps_the_k_highest_with_ties_broken_by_lower_id()
    {
        float[] scores = [1f, 3f, 3f, 0f, 3f, 2f];
        TokenSelection.KeepTopK(scores, 2, new int[scores.Length]);

        Assert.Equal([float.NegativeInfinity, 3f, 3f, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity], scores);
    }

    [Fact]
    public void Top_k_survivors_are_the_k_best_of_a_full_sort_best_first()
    {
        var scores = GaussianLogits(151_936, seed: 4);
        for (var i = 0; i < 2_000; i += 7)
        {
            scores[i * 13] = scores[i]; // ties, broken by lower id
        }

        foreach (var k in new[] { 1, 2, 50, 1_000 })
        {
            var ids = new int[k];
            var values = new float[k];
            TopKSelection.Select(scores, k, ids, values);

            var expected = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();
            Assert.Equal(expected, ids);
            Assert.Equal(expected.Select(i => scores[i]), values);
        }
    }

    [Fact]
    public void Top_k_with_top_p_draws_only_from_the_nucleus_of_the_k_best_and_repeats_with_the_seed()
    {
        var logits = GaussianLogits(151_936, seed: 6);
        var settings = new SamplingSettings { MaxTokens = 16, Temperature = 0.7f, TopK = 40, TopP = 0.8f, Seed = 5 };
        var ranked = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i).Take(40).ToArray();
        var weights = ranked.Select(i => Math.Exp((logits[i] - logits[ranked[0]]) / 0.7)).ToArray();
        var cumulative = 0.0;
        var nucleus = ranked.Take(1 + weights.TakeWhile(w => (cumulative += w) < 0.8 * weights.Sum()).Count()).ToHashSet();

        List<int> Run()
        {
            var sampler = new Sampler(settings, logits.Length, []);
            return [.. Enumerable.Range(0, 200).Select(_ => sampler.Sample(logits))];
        }

        var tokens = Run();
        Assert.All(tokens, t => Assert.Contains(t, nucleus));
        Assert.True(tokens.Distinct().Count() > 1);
        Assert.Equal(tokens, Run());
    }

    [Fact]
    public void Top_k_applies_after_logit_bias()
    {
        var logits = GaussianLogits(10_000, seed: 8);
        var banned = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).First();
        var sampler = new Sampler(
            new SamplingSettings { MaxTokens = 16, Temperature = 1f, TopK = 3, Seed = 2, LogitBias = new Dictionary<int, float> { [banned] = -100f, [17] = 100f } },
            logits.Length, []);

        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal(17, sampler.Sample(logits)));
    }

    [Fact]
    public void Logit_bias_can_force_and_ban_tokens()
    {
        float[] logits = [5f, 1f, 0f];
        var forced = new Sampler(new SamplingSettings { MaxTokens = 4, LogitBias = new Dictionary<int, float> { [2] = 100f } }, 3, []);
        var banned = new Sampler(new SamplingSettings { MaxTokens = 4, Temperature = 1f, Seed = 1, LogitBias = new Dictionary<int, float> { [0] = -100f } }, 3, []);

        Assert.Equal(2, forced.Sample(logits));
        Assert.All(Enumerable.Range(0, 50), _ => Assert.NotEqual(0, banned.Sample(logits)));
    }

    [Fact]
    public void End_tokens_are_held_off_until_min_tokens()
    {
        float[] logits = [0f, 9f, 8f, 1f];
        var sampler = new Sampler(new SamplingSettings { MaxTokens = 8, MinTokens = 2, StopTokenIds = [2] }, 4, [], endOfSequenceIds: [1]);

        Assert.Equal(3, sampler.Sample(logits));
        Assert.Equal(3, sampler.Sample(logits));
        Assert.Equal(1, sampler.Sample(logits));
    }

    [Fact]
    public void Logprobs_are_the_log_softmax_of_the_raw_logits_with_the_best_alternatives()
    {
        float[] logits = [1f, 3f, 2f, 0f];
        var sampler = new Sampler(new SamplingSettings { MaxTokens = 4, Logprobs = true, TopLogprobs = 2 }, 4, []);

        var token = sampler.Sample(logits);

        var normalizer = Math.Log(logits.Sum(l => Math.Exp(l)));
        var logprobs = Assert.IsType<SampledLogprobs>(sampler.LastLogprobs);
        Assert.Equal(1, token);
        Assert.Equal(3 - normalizer, logprobs.Logprob, 1e-5);
        Assert.Equal([1, 2], logprobs.Top.Select(t => t.TokenId));
        Assert.Equal(2 - normalizer, logprobs.Top[1].Logprob, 1e-5);
    }

    private static float[] GaussianLogits(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())) * 2f)];
    }

    private static List<int> Draw(SamplingSettings parameters, int count)
    {
        var sampler = new Sampler(parameters, Flat.Length, []);
        return [.. Enumerable.Range(0, count).Select(_ => sampler.Sample(Flat))];
    }
}
