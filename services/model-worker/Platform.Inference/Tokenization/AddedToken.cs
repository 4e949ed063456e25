namespace Platform.Inference.Tokenization;

/// <summary>A token added on top of the BPE vocabulary; special ones are control tokens (EOS, FIM markers).</summary>
internal sealed record AddedToken(int Id, string Content, bool Special);
