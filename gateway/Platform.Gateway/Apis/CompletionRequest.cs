using Platform.Contracts.Generation;

namespace Platform.Gateway.Apis;

/// <summary>A validated OpenAI <c>POST /v1/completions</c> request.</summary>
internal sealed record CompletionRequest
{
    public string? Model { get; init; }
    public required string Prompt { get; init; }
    public string? Suffix { get; init; }
    public int MaxTokens { get; init; } = 16;
    public float Temperature { get; init; } = 1f;
    public float TopP { get; init; } = 1f;
    public float PresencePenalty { get; init; }
    public float FrequencyPenalty { get; init; }
    public long? Seed { get; init; }
    public IReadOnlyList<string> Stop { get; init; } = [];
    public bool Stream { get; init; }
    public bool IncludeUsageInStream { get; init; }

    public SamplingSettings Sampling() => new()
    {
        MaxTokens = MaxTokens,
        Temperature = Temperature,
        TopP = TopP,
        PresencePenalty = PresencePenalty,
        FrequencyPenalty = FrequencyPenalty,
        Seed = Seed,
        Stop = Stop,
    };
}
