namespace Platform.Contracts.Chat;

/// <summary>
/// What a chat answer is to be grounded in: code from the tenant's repositories (ids or names; empty → all of them)
/// and/or pages found by a web search. Null <see cref="Repositories"/> and <see cref="Web"/> false ask for nothing.
/// </summary>
public sealed record ChatContext
{
    public IReadOnlyList<string>? Repositories { get; init; }
    public bool Web { get; init; }
}

/// <summary>
/// The numbered sources a grounded chat answer was built on, sent by the chat service to the generation's stream
/// address before the model's first token (an empty list when nothing was found).
/// </summary>
public sealed record ChatCitations(Guid GenerationId, IReadOnlyList<ChatCitation> Citations);

/// <summary>
/// Source number <see cref="Index"/> (the <c>[n]</c> the model cites): a file range (<see cref="Path"/>, lines
/// <see cref="StartLine"/>–<see cref="EndLine"/> of a repository) or a web page (<see cref="Url"/>, <see cref="Title"/>).
/// </summary>
public sealed record ChatCitation
{
    public required int Index { get; init; }
    /// <summary><c>file</c> or <c>url</c>.</summary>
    public required string Kind { get; init; }
    public string? RepositoryId { get; init; }
    public string? RepositoryName { get; init; }
    public string? Path { get; init; }
    public int? StartLine { get; init; }
    public int? EndLine { get; init; }
    public string? Url { get; init; }
    public string? Title { get; init; }
}
