using System.Text.RegularExpressions;

namespace Platform.Inference.Tokenization;

/// <summary>A piece of the input text, by char offsets.</summary>
internal readonly record struct TextPiece(int Start, int Length);

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

/// <summary>Does not split (ByteLevel with use_regex false: the byte mapping happens in the model stage).</summary>
internal sealed class WholeTextPreTokenizer : PreTokenizer
{
    public override void Split(string text, TextPiece piece, List<TextPiece> output)
    {
        if (piece.Length > 0)
        {
            output.Add(piece);
        }
    }
}

/// <summary>Runs each stage over every piece the previous stage produced.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<PreTokenizer> stages) : PreTokenizer
{
    public override void Split(string text, TextPiece piece, List<TextPiece> output)
    {
        var current = new List<TextPiece> { piece };
        foreach (var stage in stages)
        {
            var next = new List<TextPiece>(current.Count * 2);
            foreach (var p in current)
            {
                stage.Split(text, p, next);
            }

            current = next;
        }

        output.AddRange(current);
    }
}

internal enum SplitBehavior
{
    Isolated,
    Removed,
    MergedWithPrevious,
    MergedWithNext,
}

/// <summary>The HF Split pre-tokenizer: matches of a pattern become pieces, kept apart from or merged with the gaps.</summary>
internal sealed class RegexSplitPreTokenizer(Regex pattern, SplitBehavior behavior, bool invert) : PreTokenizer
{
    public override void Split(string text, TextPiece piece, List<TextPiece> output)
    {
        // Mark each stretch as delimiter (a match, or a gap when inverted) or content.
        var stretches = new List<(TextPiece Piece, bool IsDelimiter)>();
        var position = piece.Start;
        foreach (var match in pattern.EnumerateMatches(text.AsSpan(piece.Start, piece.Length)))
        {
            if (match.Length == 0)
            {
                continue;
            }

            var start = piece.Start + match.Index;
            if (start > position)
            {
                stretches.Add((new TextPiece(position, start - position), invert));
            }

            stretches.Add((new TextPiece(start, match.Length), !invert));
            position = start + match.Length;
        }

        if (position < piece.Start + piece.Length)
        {
            stretches.Add((new TextPiece(position, piece.Start + piece.Length - position), invert));
        }

        var pending = (TextPiece?)null;
        foreach (var (stretch, isDelimiter) in stretches)
        {
            switch (behavior)
            {
                case SplitBehavior.Removed when isDelimiter:
                    break;
                case SplitBehavior.MergedWithPrevious when isDelimiter:
                    pending = pending is { } before ? Join(before, stretch) : stretch;
                    output.Add(pending.Value);
                    pending = null;
                    break;
                case SplitBehavior.MergedWithNext when isDelimiter:
                    if (pending is { } gap)
                    {
                        output.Add(gap);
                    }

                    pending = stretch;
                    break;
                case SplitBehavior.MergedWithPrevious:
                    pending = stretch;
                    break;
                case SplitBehavior.MergedWithNext:
                    output.Add(pending is { } delimiter ? Join(delimiter, stretch) : stretch);
                    pending = null;
                    break;
                default:
                    output.Add(stretch);
                    break;
            }
        }

        if (pending is { } last)
        {
            output.Add(last);
        }
    }

    private static TextPiece Join(TextPiece first, TextPiece second) =>
        new(first.Start, second.Start + second.Length - first.Start);
}

/// <summary>The HF Digits pre-tokenizer: every digit alone, or each run of digits, becomes a piece.</summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : PreTokenizer
{
    private readonly RegexSplitPreTokenizer _split = new(
        new Regex(individualDigits ? @"\p{N}" : @"\p{N}+", RegexOptions.CultureInvariant | RegexOptions.Compiled),
        SplitBehavior.Isolated,
        invert: false);

    public override void Split(string text, TextPiece piece, List<TextPiece> output) => _split.Split(text, piece, output);
}
