namespace Platform.Inference.Tokenization;

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
