namespace Platform.Contracts.Chat;

/// <summary>
/// One turn of a conversation: <c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>, with its text. An
/// assistant turn may carry the tool calls it made; a tool turn answers the call named by <see cref="ToolCallId"/>.
/// </summary>
public sealed record ChatMessage(string Role, string Content)
{
    /// <summary>The functions an assistant turn called (OpenAI's <c>tool_calls</c>).</summary>
    public IReadOnlyList<ChatToolCall>? ToolCalls { get; init; }

    /// <summary>On a <c>tool</c> turn: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }
}

public static class ChatRoles
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
}
