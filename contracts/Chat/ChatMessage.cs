namespace Platform.Contracts.Chat;

/// <summary>One turn of a conversation: <c>system</c>, <c>user</c> or <c>assistant</c>, with its text.</summary>
public sealed record ChatMessage(string Role, string Content);

public static class ChatRoles
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
}
