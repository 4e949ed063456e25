using Platform.Inference.Tokenization;

namespace Platform.Inference.Tests.Tokenization;

[Collection(TinyModelGroup.Name)]
public sealed class StreamingDetokenizerTests(TinyModelFixture model)
{
    [Theory]
    [InlineData("emoji 😀👍🏽 family 👨‍👩‍👧 and 日本語 text")]
    [InlineData("€£¥ ½ — “quoted” 𝔘𝔫𝔦𝔠𝔬𝔡𝔢\n")]
    [InlineData("plain ascii code(x) { return x; }")]
    public void Streaming_token_by_token_never_yields_a_broken_character(string text)
    {
        var ids = model.Tokenizer.Encode(text);
        var detokenizer = new StreamingDetokenizer(model.Tokenizer);
        var streamed = "";

        foreach (var id in ids)
        {
            var chunk = detokenizer.Append(id);
            Assert.DoesNotContain('\uFFFD', chunk);
            if (chunk.Length > 0)
            {
                Assert.False(char.IsHighSurrogate(chunk[^1]), "A chunk ends inside a surrogate pair.");
                Assert.False(char.IsLowSurrogate(chunk[0]), "A chunk starts inside a surrogate pair.");
            }

            streamed += chunk;
        }

        streamed += detokenizer.Flush();
        Assert.Equal(text, streamed);
    }

    [Fact]
    public void Incomplete_bytes_are_held_until_the_character_completes()
    {
        var emoji = model.Tokenizer.Encode("😀");
        Assert.True(emoji.Count > 1, "The tiny vocabulary should split an emoji into byte tokens.");
        var detokenizer = new StreamingDetokenizer(model.Tokenizer);

        var early = emoji.Take(emoji.Count - 1).Select(detokenizer.Append).ToList();

        Assert.All(early, chunk => Assert.Equal("", chunk));
        Assert.Equal("😀", detokenizer.Append(emoji[^1]));
    }

    [Fact]
    public void Special_tokens_produce_no_text()
    {
        var detokenizer = new StreamingDetokenizer(model.Tokenizer);

        Assert.Equal("", detokenizer.Append(model.Tokenizer.TokenToId(QwenSpecialTokens.EndOfText)!.Value));
    }

    [Fact]
    public void A_character_that_never_completes_is_flushed_as_a_replacement()
    {
        var detokenizer = new StreamingDetokenizer(model.Tokenizer);
        var firstByteOfEmoji = model.Tokenizer.Encode("😀")[0];

        Assert.Equal("", detokenizer.Append(firstByteOfEmoji));
        Assert.Equal("\uFFFD", detokenizer.Flush());
    }
}
