namespace Platform.Inference.Tokenization;

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
