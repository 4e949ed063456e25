namespace Platform.Contracts.Generation;

public sealed record SamplingSettings
{
    public int MaxTokens { get; init; } = 16;
    public float Temperature { get; init; }
    public float TopP { get; init; } = 1f;
    public int TopK { get; init; }
    public float RepetitionPenalty { get; init; } = 1f;
    public float PresencePenalty { get; init; }
    public float FrequencyPenalty { get; init; }
    public long? Seed { get; init; }
    public IReadOnlyList<string> Stop { get; init; } = [];
}
