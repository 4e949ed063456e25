using Platform.Inference.TinyModel;

namespace Platform.Inference.Tests.TinyModel;

public sealed class BpeTrainerTests
{
    [Fact]
    public void Training_is_deterministic()
    {
        var first = BpeTrainer.Train(TrainingCorpus.Text, 300);
        var second = BpeTrainer.Train(TrainingCorpus.Text, 300);

        Assert.Equal(first.Tokens, second.Tokens);
        Assert.Equal(first.Merges, second.Merges);
    }

    [Fact]
    public void Vocabulary_starts_with_the_256_byte_tokens_and_adds_one_token_per_new_merge()
    {
        var vocabulary = BpeTrainer.Train(TrainingCorpus.Text, 200);

        Assert.Equal(200, vocabulary.Merges.Count);
        Assert.Equal(256 + 200, vocabulary.Tokens.Count);
        Assert.Equal(vocabulary.Tokens.Count, vocabulary.Tokens.Distinct().Count());
        Assert.Equal("Ġ", vocabulary.Tokens[' ']);
    }

    [Fact]
    public void Frequent_code_words_become_single_tokens()
    {
        var vocabulary = BpeTrainer.Train(TrainingCorpus.Text, 700);

        Assert.Contains("Ġreturn", vocabulary.Tokens);
        Assert.Contains("ĠĠĠĠ", vocabulary.Tokens);
    }

    [Fact]
    public void Training_stops_when_no_pair_repeats()
    {
        var vocabulary = BpeTrainer.Train("abab xyz", 50);

        Assert.Equal([("a", "b")], vocabulary.Merges);
    }
}
