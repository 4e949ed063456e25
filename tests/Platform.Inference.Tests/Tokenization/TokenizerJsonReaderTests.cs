using System.Text;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Tests.Tokenization;

public sealed class TokenizerJsonReaderTests
{
    // A hand-made byte-level vocabulary: "Ġ" is the space byte in GPT-2's mapping.
    private const string Vocabulary = """
        "vocab": { "a": 0, "b": 1, "c": 2, "Ġ": 3, "ab": 4, "abc": 5, "Ġa": 6, "1": 7, "2": 8, "12": 9 }
        """;

    [Theory]
    [InlineData("""["a b", "ab c", "Ġ a", "1 2"]""")]
    [InlineData("""[["a", "b"], ["ab", "c"], ["Ġ", "a"], ["1", "2"]]""")]
    public void Merges_in_string_and_array_form_are_read_alike(string merges)
    {
        var tokenizer = Read(merges, preTokenizer: """{ "type": "ByteLevel", "add_prefix_space": false, "use_regex": true }""");

        Assert.Equal([5, 3, 4], tokenizer.Encode("abc ab"));
        Assert.Equal([6], tokenizer.Encode(" a"));
        Assert.Equal([9], tokenizer.Encode("12"));
    }

    [Fact]
    public void A_merge_applies_once_its_parts_exist_whatever_its_rank()
    {
        var tokenizer = Read("""["ab c", "a b"]""", preTokenizer: "null");

        Assert.Equal([5], tokenizer.Encode("abc"));
    }

    [Fact]
    public void Digits_pre_tokenizer_keeps_digits_apart()
    {
        var tokenizer = Read("""["1 2"]""", preTokenizer: """
            { "type": "Sequence", "pretokenizers": [
              { "type": "Digits", "individual_digits": true },
              { "type": "ByteLevel", "add_prefix_space": false, "use_regex": false } ] }
            """);

        Assert.Equal([7, 8], tokenizer.Encode("12"));
    }

    [Fact]
    public void Split_pattern_with_characters_beyond_the_basic_plane_loads()
    {
        // DeepSeek-Coder's letter class includes ranges such as 𐐀-𐑏.
        var pattern = "\\\\s?[A-Za-z\uD801\uDC00-\uD801\uDC4F\uD83A\uDD00-\uD83A\uDD43]+";
        var tokenizer = Read("""["a b", "ab c"]""", preTokenizer: $$"""
            { "type": "Sequence", "pretokenizers": [
              { "type": "Split", "pattern": { "Regex": "{{pattern}}" }, "behavior": "Isolated", "invert": false },
              { "type": "ByteLevel", "add_prefix_space": false, "use_regex": false } ] }
            """);

        Assert.Equal([5, 3, 4], tokenizer.Encode("abc ab"));
    }

    [Fact]
    public void Unsupported_model_types_fail_loudly()
    {
        var json = """{ "model": { "type": "Unigram", "vocab": [] } }""";

        Assert.Throws<NotSupportedException>(() => TokenizerJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json))));
    }

    private static BpeTokenizer Read(string merges, string preTokenizer)
    {
        var json = $$"""
            {
              "added_tokens": [ { "id": 10, "content": "<|endoftext|>", "special": true } ],
              "normalizer": null,
              "pre_tokenizer": {{preTokenizer}},
              "model": { "type": "BPE", {{Vocabulary}}, "merges": {{merges}} }
            }
            """;
        return TokenizerJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));
    }
}
