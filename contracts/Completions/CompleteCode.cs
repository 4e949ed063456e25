using Platform.Contracts.Generation;

namespace Platform.Contracts.Completions;

/// <summary>
/// Command from the gateway to the completion service: build the prompt for this code completion and
/// send it to the model. Output flows from the worker straight to <see cref="StreamAddress"/>.
/// </summary>
public sealed record CompleteCode
{
    public required Guid GenerationId { get; init; }
    public required string TenantId { get; init; }
    public string? ApiKeyId { get; init; }
    public required string Model { get; init; }
    public required string Prefix { get; init; }
    /// <summary>Text after the cursor; when present the prompt is fill-in-the-middle.</summary>
    public string? Suffix { get; init; }
    public string? Language { get; init; }
    public string? FilePath { get; init; }
    public required SamplingSettings Sampling { get; init; }
    public required Uri StreamAddress { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }
    public string Endpoint { get; init; } = "";
}
