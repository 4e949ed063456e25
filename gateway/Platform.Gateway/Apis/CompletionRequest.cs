using Platform.Contracts.Generation;

namespace Platform.Gateway.Apis;

/// <summary>A validated OpenAI <c>POST /v1/completions</c> request.</summary>
internal sealed record CompletionRequest : IGeneratingRequest
{
    public string? Model { get; init; }
    public required string Prompt { get; init; }
    public string? Suffix { get; init; }
    public required SamplingSettings Sampling { get; init; }
    public bool Stream { get; init; }
    public bool IncludeUsageInStream { get; init; }
    public int PromptCharacters => Prompt.Length + (Suffix?.Length ?? 0);
}
