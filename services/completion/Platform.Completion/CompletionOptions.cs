namespace Platform.Completion;

/// <summary>Settings under <c>Completion</c>.</summary>
public sealed class CompletionOptions
{
    public const string Section = "Completion";

    /// <summary>Per-model prompt settings, by model name. Models not listed get a template inferred from the name.</summary>
    public Dictionary<string, ModelPromptOptions> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Characters of prefix, suffix and cross-file context a prompt may hold when the editor lets the service fit
    /// it (the native code API). About four characters make a token in code.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(256, 1_000_000)]
    public int PromptCharacterBudget { get; set; } = 8192;
}

public sealed class ModelPromptOptions
{
    /// <summary>FIM template family: qwen, deepseek, codellama or starcoder.</summary>
    public string? Template { get; set; }
}
