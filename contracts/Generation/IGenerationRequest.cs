namespace Platform.Contracts.Generation;

/// <summary>
/// What every command that ends in a <see cref="Generate"/> carries besides its own input (code segments, chat
/// messages): whose request it is, for which model and endpoint, how to sample, and where and by when to answer.
/// </summary>
public interface IGenerationRequest
{
    Guid GenerationId { get; }
    string TenantId { get; }
    string? ApiKeyId { get; }
    string Model { get; }
    SamplingSettings Sampling { get; }
    bool StreamDeltas { get; }
    Uri StreamAddress { get; }
    DateTimeOffset Deadline { get; }
    DateTimeOffset AcceptedAt { get; }
    string Endpoint { get; }
    /// <summary>Levels the tenant's plan raises its requests within their class (0 = none; see the plan's priority boost).</summary>
    int PriorityBoost { get; }
}
