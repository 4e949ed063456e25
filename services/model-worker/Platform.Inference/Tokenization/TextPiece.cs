namespace Platform.Inference.Tokenization;

/// <summary>A piece of the input text, by char offsets.</summary>
internal readonly record struct TextPiece(int Start, int Length);
