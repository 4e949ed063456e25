namespace Platform.Contracts.Generation;

/// <summary>One generation's usage, whatever its outcome; workers publish it inside <see cref="GenerationUsageRecorded"/>.</summary>
public sealed record GenerationUsage
{
    public required Guid GenerationId { get; init; }
    public required string TenantId { get; init; }
    public string? ApiKeyId { get; init; }
    public required string Model { get; init; }
    public required string Endpoint { get; init; }
    public required int PromptTokens { get; init; }
    public required int CompletionTokens { get; init; }
    public required TimeSpan WorkerTime { get; init; }
    /// <summary>How the generation ended: a <see cref="FinishReason"/> in lower case, or a rejection code.</summary>
    public required string Outcome { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}
