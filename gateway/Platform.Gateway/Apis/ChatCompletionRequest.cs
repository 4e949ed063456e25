using Platform.Contracts.Chat;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Apis;

/// <summary>A validated OpenAI <c>POST /v1/chat/completions</c> request.</summary>
internal sealed record ChatCompletionRequest : IGeneratingRequest
{
    public string? Model { get; init; }
    public required IReadOnlyList<ChatMessage> Messages { get; init; }
    public required SamplingSettings Sampling { get; init; }
    public bool Stream { get; init; }
    public bool IncludeUsageInStream { get; init; }
    public IReadOnlyList<ChatTool> Tools { get; init; } = [];
    public ChatToolChoice ToolChoice { get; init; } = ChatToolChoice.None;
    public bool ParallelToolCalls { get; init; } = true;
    /// <summary>The platform's extension: ground the answer in the tenant's repositories and/or the web, with citations.</summary>
    public ChatContext? Context { get; init; }

    /// <summary>Whether the answer is parsed for tool calls: tools were given and the choice lets the model call them.</summary>
    public bool CallsTools => Tools.Count > 0 && ToolChoice.Mode != ToolChoiceMode.None;

    public int PromptCharacters => Messages.Sum(message => message.Content.Length + (message.ToolCalls?.Sum(call => call.Arguments.Length) ?? 0))
        + Tools.Sum(tool => tool.Name.Length + (tool.Description?.Length ?? 0) + (tool.ParametersJson?.Length ?? 0));
}
