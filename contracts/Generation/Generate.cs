namespace Platform.Contracts.Generation;

/// <summary>
/// Command sent to the queue of one model: generate text for a fully built prompt.
/// Deltas and the outcome go to <see cref="StreamAddress"/>, the endpoint of the gateway instance holding the request.
/// </summary>
public sealed record Generate
{
    public required Guid GenerationId { get; init; }
    public required string TenantId { get; init; }
    public string? ApiKeyId { get; init; }
    public required string Model { get; init; }
    public required string Prompt { get; init; }
    public required SamplingSettings Sampling { get; init; }
    public GenerationPriority Priority { get; init; } = GenerationPriority.Completion;
    /// <inheritdoc cref="IGenerationRequest.PriorityBoost"/>
    public int PriorityBoost { get; init; }
    /// <summary>
    /// Whether the worker sends text as it is generated (<see cref="GenerationDelta"/>s) or all of it with the
    /// <see cref="GenerationFinished"/>: an answer given only at the end then costs one message, not one per token.
    /// </summary>
    public bool StreamDeltas { get; init; } = true;
    public required Uri StreamAddress { get; init; }
    /// <summary>A worker drops the request when this passes before it starts.</summary>
    public required DateTimeOffset Deadline { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }
    /// <summary>The public endpoint that accepted the request (for metering).</summary>
    public string Endpoint { get; init; } = "";
}
