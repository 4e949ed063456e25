namespace Platform.Inference.Tokenization;

/// <summary>
/// Splits normalised text into pieces that BPE merges never cross (the Hugging Face pre_tokenizer stage).
/// Works on offsets so no substrings are made.
/// </summary>
internal abstract class PreTokenizer
{
    /// <summary>Appends the pieces of <c>text[piece]</c> to <paramref name="output"/>.</summary>
    public abstract void Split(string text, TextPiece piece, List<TextPiece> output);

    public List<TextPiece> Split(string text)
    {
        var output = new List<TextPiece>();
        Split(text, new TextPiece(0, text.Length), output);
        return output;
    }

    /// <summary>Qwen2's split pattern (also used to train the tiny model's vocabulary).</summary>
    public const string Qwen2Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>GPT-2's pattern, applied by a ByteLevel pre-tokenizer whose use_regex is true.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";
}
