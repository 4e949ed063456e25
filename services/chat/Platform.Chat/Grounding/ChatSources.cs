using Platform.Contracts.Chat;

namespace Platform.Chat.Grounding;

/// <summary>One numbered source: what the answer may cite as <c>[n]</c>, and the text the model reads for it.</summary>
internal sealed record ChatSource(ChatCitation Citation, string Heading, string Text, string? Language);

/// <summary>
/// What grounding found for a conversation: the numbered sources, or why the request cannot be answered (a repository
/// the tenant does not have).
/// </summary>
internal sealed record ChatSources(IReadOnlyList<ChatSource> Sources, string? Refusal = null)
{
    public static ChatSources None { get; } = new([]);
}
