namespace Platform.Completion.PostProcessing;

/// <summary>Placeholder until the language rules land.</summary>
internal sealed class CompletionPostProcessor
{
    public string Process(string completion, string prefix, string? suffix, string? language, string? filePath) => completion.TrimEnd();
}
