namespace Platform.Completion;

/// <summary>Settings under <c>Completion</c>.</summary>
public sealed class CompletionOptions
{
    public const string Section = "Completion";

    /// <summary>Per-model prompt settings, by model name. Models not listed get a template inferred from the name.</summary>
    public Dictionary<string, ModelPromptOptions> Models { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ModelPromptOptions
{
    /// <summary>FIM template family: qwen, deepseek, codellama or starcoder.</summary>
    public string? Template { get; set; }
}
