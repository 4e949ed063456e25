namespace Platform.Contracts.Chat;

/// <summary>A function the model may call: its name, what it does and its JSON Schema parameters (raw JSON text).</summary>
public sealed record ChatTool(string Name, string? Description, string? ParametersJson);

/// <summary>One call of a function, as the model made it: <see cref="Arguments"/> is JSON text.</summary>
public sealed record ChatToolCall(string Id, string Name, string Arguments);

/// <summary>OpenAI's <c>tool_choice</c>.</summary>
public enum ToolChoiceMode
{
    /// <summary>The model decides whether to call functions.</summary>
    Auto,
    /// <summary>The model answers with text only; tools are not shown to it.</summary>
    None,
    /// <summary>The model must call at least one function.</summary>
    Required,
    /// <summary>The model must call <see cref="ChatToolChoice.FunctionName"/>.</summary>
    Function,
}

/// <summary>Which functions the model may or must call.</summary>
public sealed record ChatToolChoice(ToolChoiceMode Mode, string? FunctionName = null)
{
    public static ChatToolChoice Auto { get; } = new(ToolChoiceMode.Auto);
    public static ChatToolChoice None { get; } = new(ToolChoiceMode.None);
}
