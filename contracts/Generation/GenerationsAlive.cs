namespace Platform.Contracts.Generation;

/// <summary>
/// A worker's lease renewal, sent about every second to each gateway instance it is generating for: the attempts it
/// is still running for that gateway. A gateway that hears nothing of an attempt for a few seconds takes its worker for
/// dead. One message per gateway and worker, however many generations it holds.
/// </summary>
public sealed record GenerationsAlive
{
    public required string WorkerId { get; init; }
    public required IReadOnlyList<GenerationAttempt> Attempts { get; init; }
}

/// <summary>One run of a generation on a worker.</summary>
public sealed record GenerationAttempt(Guid GenerationId, Guid Attempt);
