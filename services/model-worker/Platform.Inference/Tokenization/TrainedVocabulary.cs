namespace Platform.Inference.Tokenization;

/// <summary>A trained byte-level vocabulary: token strings by id (the 256 bytes first) and merges by rank.</summary>
internal sealed record TrainedVocabulary(IReadOnlyList<string> Tokens, IReadOnlyList<(string Left, string Right)> Merges);
