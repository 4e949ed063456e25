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
    public int PromptCharacters => Messages.Sum(message => message.Content.Length);
}
