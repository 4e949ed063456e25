using System.Text.RegularExpressions;

namespace Platform.Inference.Tokenization;

/// <summary>The HF Digits pre-tokenizer: every digit alone, or each run of digits, becomes a piece.</summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : PreTokenizer
{
    private readonly RegexSplitPreTokenizer _split = new(
        new Regex(individualDigits ? @"\p{N}" : @"\p{N}+", RegexOptions.CultureInvariant | RegexOptions.Compiled),
        SplitBehavior.Isolated,
        invert: false);

    public override void Split(string text, TextPiece piece, List<TextPiece> output) => _split.Split(text, piece, output);
}
