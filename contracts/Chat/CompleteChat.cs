using Platform.Contracts.Generation;

namespace Platform.Contracts.Chat;

/// <summary>
/// Command from the gateway to the chat service: render this conversation in the model's chat template and send it
/// to the model. Output flows from the worker straight to <see cref="StreamAddress"/>.
/// </summary>
public sealed record CompleteChat : IGenerationRequest
{
    public required Guid GenerationId { get; init; }
    public required string TenantId { get; init; }
    public string? ApiKeyId { get; init; }
    public required string Model { get; init; }
    /// <summary>The conversation so far, oldest first; the model writes the next assistant turn.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }
    /// <summary>Functions the model may call; empty for plain chat.</summary>
    public IReadOnlyList<ChatTool> Tools { get; init; } = [];
    public ChatToolChoice ToolChoice { get; init; } = ChatToolChoice.None;
    /// <summary>Whether the model may call several functions in one turn.</summary>
    public bool ParallelToolCalls { get; init; } = true;
    /// <summary>
    /// A one-click assistant action (explain, tests, fix, …): the chat service builds the conversation from it, and
    /// <see cref="Messages"/> is then empty.
    /// </summary>
    public ChatAction? Action { get; init; }
    /// <summary>
    /// Sources to ground the answer in (the tenant's repositories, the web); when set, the chat service sends
    /// <see cref="ChatCitations"/> to <see cref="StreamAddress"/> before the model starts.
    /// </summary>
    public ChatContext? Context { get; init; }
    public required SamplingSettings Sampling { get; init; }
    /// <inheritdoc cref="Generation.Generate.StreamDeltas"/>
    public bool StreamDeltas { get; init; } = true;
    public required Uri StreamAddress { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }
    public string Endpoint { get; init; } = "";
    /// <inheritdoc cref="IGenerationRequest.PriorityBoost"/>
    public int PriorityBoost { get; init; }
}
