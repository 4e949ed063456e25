using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Inference.Tokenization;

/// <summary>
/// Reads a Hugging Face tokenizer.json with a byte-level BPE model: the parts Qwen2, Qwen2.5-Coder and
/// DeepSeek-Coder use (NFC normalizer, Split/Digits/ByteLevel pre-tokenizers, "a b" or ["a","b"] merges).
/// Anything else fails loudly rather than tokenizing differently from the original.
/// </summary>
internal static class TokenizerJsonReader
{
    public static BpeTokenizer Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static BpeTokenizer Read(Stream json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        var root = document.RootElement;
        var model = root.GetProperty("model");
        if (model.TryGetProperty("type", out var type) && type.GetString() != "BPE")
        {
            throw new NotSupportedException($"Tokenizer model type '{type.GetString()}' is not supported; only BPE is.");
        }

        if (model.TryGetProperty("byte_fallback", out var byteFallback) && byteFallback.ValueKind == JsonValueKind.True)
        {
            throw new NotSupportedException("SentencePiece-style BPE with byte_fallback is not supported; only byte-level BPE is.");
        }

        var vocabulary = new Dictionary<string, int>();
        foreach (var entry in model.GetProperty("vocab").EnumerateObject())
        {
            vocabulary[entry.Name] = entry.Value.GetInt32();
        }

        var merges = new List<(string, string)>();
        if (model.TryGetProperty("merges", out var mergeList))
        {
            foreach (var merge in mergeList.EnumerateArray())
            {
                merges.Add(ReadMerge(merge));
            }
        }

        var addedTokens = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                addedTokens.Add(new AddedToken(
                    token.GetProperty("id").GetInt32(),
                    token.GetProperty("content").GetString() ?? "",
                    token.TryGetProperty("special", out var special) && special.ValueKind == JsonValueKind.True));
            }
        }

        var ignoreMerges = model.TryGetProperty("ignore_merges", out var ignore) && ignore.ValueKind == JsonValueKind.True;
        return new BpeTokenizer(
            vocabulary,
            merges,
            addedTokens,
            ReadPreTokenizer(root.TryGetProperty("pre_tokenizer", out var pre) ? pre : default),
            ReadNormalizer(root.TryGetProperty("normalizer", out var normalizer) ? normalizer : default),
            ignoreMerges);
    }

    private static (string, string) ReadMerge(JsonElement merge)
    {
        if (merge.ValueKind == JsonValueKind.Array)
        {
            return (merge[0].GetString() ?? "", merge[1].GetString() ?? "");
        }

        var text = merge.GetString() ?? "";
        var space = text.IndexOf(' ', 1);
        return space < 0
            ? throw new FormatException($"Merge '{text}' is not of the form 'left right'.")
            : (text[..space], text[(space + 1)..]);
    }

    private static NormalizationForm? ReadNormalizer(JsonElement normalizer)
    {
        if (normalizer.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = normalizer.GetProperty("type").GetString();
        return type switch
        {
            "NFC" => NormalizationForm.FormC,
            "NFD" => NormalizationForm.FormD,
            "NFKC" => NormalizationForm.FormKC,
            "NFKD" => NormalizationForm.FormKD,
            "Sequence" when normalizer.GetProperty("normalizers").GetArrayLength() == 0 => null,
            "Sequence" when normalizer.GetProperty("normalizers").GetArrayLength() == 1 =>
                ReadNormalizer(normalizer.GetProperty("normalizers")[0]),
            _ => throw new NotSupportedException($"Normalizer '{type}' is not supported."),
        };
    }

    private static PreTokenizer ReadPreTokenizer(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new WholeTextPreTokenizer();
        }

        var type = element.GetProperty("type").GetString();
        switch (type)
        {
            case "Sequence":
                return new SequencePreTokenizer(
                    [.. element.GetProperty("pretokenizers").EnumerateArray().Select(ReadPreTokenizer)]);
            case "ByteLevel":
                if (element.TryGetProperty("add_prefix_space", out var prefix) && prefix.ValueKind == JsonValueKind.True)
                {
                    throw new NotSupportedException("ByteLevel add_prefix_space is not supported.");
                }

                var useRegex = !element.TryGetProperty("use_regex", out var regex) || regex.ValueKind != JsonValueKind.False;
                return useRegex
                    ? new RegexSplitPreTokenizer(CompilePattern(PreTokenizer.Gpt2Pattern), SplitBehavior.Isolated, invert: false)
                    : new WholeTextPreTokenizer();
            case "Digits":
                return new DigitsPreTokenizer(
                    element.TryGetProperty("individual_digits", out var individual) && individual.ValueKind == JsonValueKind.True);
            case "Split":
                var pattern = element.GetProperty("pattern");
                var source = pattern.TryGetProperty("Regex", out var r)
                    ? RegexPatternTranslator.ToDotNet(r.GetString() ?? "")
                    : Regex.Escape(pattern.GetProperty("String").GetString() ?? "");
                var behavior = element.GetProperty("behavior").GetString() switch
                {
                    "Isolated" or "Contiguous" => SplitBehavior.Isolated,
                    "Removed" => SplitBehavior.Removed,
                    "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
                    "MergedWithNext" => SplitBehavior.MergedWithNext,
                    var other => throw new NotSupportedException($"Split behavior '{other}' is not supported."),
                };
                var invert = element.TryGetProperty("invert", out var inv) && inv.ValueKind == JsonValueKind.True;
                return new RegexSplitPreTokenizer(CompilePattern(source), behavior, invert);
            default:
                throw new NotSupportedException($"Pre-tokenizer '{type}' is not supported.");
        }
    }

    private static Regex CompilePattern(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
