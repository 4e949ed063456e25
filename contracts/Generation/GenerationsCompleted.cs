namespace Platform.Contracts.Generation;

/// <summary>
/// Event with the usage of the generations a worker finished at about the same time, each exactly once whatever its
/// outcome: the source of usage metering. A worker groups them so that metering costs one durable message per group
/// instead of one per generation.
/// </summary>
public sealed record GenerationsCompleted
{
    public required IReadOnlyList<GenerationCompleted> Generations { get; init; }
}
