namespace Platform.Inference;

/// <summary>A loaded model as the rest of the platform sees it.</summary>
public sealed record ModelDescriptor(string Name, int ContextLength, int VocabularySize);
