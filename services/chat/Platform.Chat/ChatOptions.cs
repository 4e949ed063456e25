namespace Platform.Chat;

/// <summary>Settings under <c>Chat</c>.</summary>
public sealed class ChatOptions
{
    public const string Section = "Chat";

    /// <summary>Per-model chat settings, by model name. Models not listed get a template inferred from the name.</summary>
    public Dictionary<string, ChatModelOptions> Models { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ChatModelOptions
{
    /// <summary>Chat template family: chatml, deepseek or llama2.</summary>
    public string? Template { get; set; }
}
