namespace Platform.Contracts.Generation;

/// <summary>
/// Event with the usage of the generations a worker ended at about the same time, each exactly once whatever its
/// outcome: the source of usage metering. A worker groups them so that metering costs one durable message per group
/// instead of one per generation. Not to be confused with <see cref="GenerationFinished"/>, the end of one
/// generation's stream, sent to the gateway that waits for it.
/// </summary>
public sealed record GenerationUsageRecorded
{
    public required IReadOnlyList<GenerationUsage> Generations { get; init; }
}
