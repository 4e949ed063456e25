using System.Text;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Tests.Tokenization;

[Collection(TinyModelGroup.Name)]
public sealed class HuggingFaceTokenizerTests(TinyModelFixture model)
{
    [Theory]
    [InlineData("")]
    [InlineData("public static int Fibonacci(int n)\n{\n    return n < 2 ? n : Fibonacci(n - 1) + Fibonacci(n - 2);\n}\n")]
    [InlineData("def f(x):\r\n\treturn x  # trailing spaces   \n\n\n")]
    [InlineData("Grüße, café, naïve — “quotes” ½ ∑ ≠ 日本語のテキスト 한국어 ελληνικά")]
    [InlineData("emoji 😀👍🏽 family 👨‍👩‍👧 flags 🇩🇪 math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢")]
    [InlineData("control \u0000\u0001\u007f tabs\t\t nbsp\u00a0 soft\u00ad hyphen")]
    public void Text_round_trips(string text)
    {
        var ids = model.Tokenizer.Encode(text);

        Assert.Equal(text, model.Tokenizer.Decode(ids));
    }

    [Fact]
    public void Random_strings_round_trip()
    {
        var random = new Random(1234);
        int[][] ranges = [[0x20, 0x7E], [0x00, 0x1F], [0xA0, 0x2FF], [0x3040, 0x30FF], [0x4E00, 0x4FFF], [0x1F300, 0x1F6FF], [0x10000, 0x1034F]];
        for (var sample = 0; sample < 200; sample++)
        {
            var builder = new StringBuilder();
            var length = random.Next(1, 40);
            for (var i = 0; i < length; i++)
            {
                var range = ranges[random.Next(ranges.Length)];
                builder.Append(char.ConvertFromUtf32(random.Next(range[0], range[1] + 1)));
            }

            // The tokenizer normalises to NFC, as Qwen2's does.
            var text = builder.ToString().Normalize(NormalizationForm.FormC);
            Assert.Equal(text, model.Tokenizer.Decode(model.Tokenizer.Encode(text)));
        }
    }

    [Fact]
    public void Fim_special_tokens_encode_to_single_ids()
    {
        foreach (var token in QwenSpecialTokens.All)
        {
            var ids = model.Tokenizer.Encode(token);

            Assert.Single(ids);
            Assert.Equal(model.Tokenizer.TokenToId(token), ids[0]);
            Assert.True(model.Tokenizer.IsSpecial(ids[0]));
        }
    }

    [Fact]
    public void Special_tokens_inside_text_are_recognised()
    {
        var tokenizer = model.Tokenizer;
        var prompt = "<|fim_prefix|>def add(a, b):\n    <|fim_suffix|>\n<|fim_middle|>";

        var ids = tokenizer.Encode(prompt);

        Assert.Equal(tokenizer.TokenToId(QwenSpecialTokens.FimPrefix), ids[0]);
        Assert.Equal(tokenizer.TokenToId(QwenSpecialTokens.FimMiddle), ids[^1]);
        Assert.Contains(tokenizer.TokenToId(QwenSpecialTokens.FimSuffix)!.Value, ids);
        Assert.Equal("def add(a, b):\n    \n", tokenizer.Decode(ids));
    }

    [Fact]
    public void Token_bytes_spell_out_what_the_library_decodes()
    {
        const string text = "def f(x):\r\n\treturn 'naïve' + \"日本語\" # 😀\n";
        var ids = model.Tokenizer.Encode(text);

        var bytes = ids.SelectMany(id => model.Tokenizer.TokenBytes(id).ToArray()).ToArray();

        Assert.Equal(text, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Learned_merges_compress_code()
    {
        var text = "    public static int Fibonacci(int n)\n    {\n        return current;\n    }\n";

        var ids = model.Tokenizer.Encode(text);

        Assert.True(ids.Count < Encoding.UTF8.GetByteCount(text) / 3, $"{ids.Count} tokens for {text.Length} chars");
    }
}
