using System.Text.RegularExpressions;

namespace Platform.Inference.Tokenization;

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
