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

    private static List<int> Draw(SamplingSettings parameters, int count)
    {
        var sampler = new Sampler(parameters, Flat.Length, []);
        return [.. Enumerable.Range(0, count).Select(_ => sampler.Sample(Flat))];
    }
}
