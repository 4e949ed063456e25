namespace Platform.Gateway.Data;

/// <summary>One generation's cost, recorded from the worker's <c>GenerationUsage</c> event (keyed by its id, so redelivery is harmless).</summary>
public sealed class UsageRecord
{
    public required Guid GenerationId { get; init; }
    public required string TenantId { get; init; }
    public string? ApiKeyId { get; init; }
    public required string Model { get; init; }
    public required string Endpoint { get; init; }
    public int PromptTokens { get; init; }
    public int CompletionTokens { get; init; }
    public double LatencyMs { get; init; }
    public required string Outcome { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}
