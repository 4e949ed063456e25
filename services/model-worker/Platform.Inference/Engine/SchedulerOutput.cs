using System.Collections.Immutable;

namespace Platform.Inference.Engine;

/// <summary>
/// What one engine step computes, decided by <see cref="Scheduler.Schedule"/> and read by the model runner. Immutable:
/// later scheduling decisions never change an output already handed out.
/// </summary>
/// <param name="Scheduled">Sequences to run this step, decodes (and unfinished prefills) of running ones first.</param>
/// <param name="PreemptedRequestIds">Sequences evicted this step to free blocks; they recompute, or swap back in, later.</param>
/// <param name="ExpiredRequestIds">Sequences dropped unrun because their deadline passed; they never generated.</param>
internal sealed record SchedulerOutput(
    ImmutableArray<ScheduledSequence> Scheduled,
    ImmutableArray<string> PreemptedRequestIds,
    ImmutableArray<string> ExpiredRequestIds,
    int BlockSize)
{
    /// <summary>Blocks of swapped-out sequences to copy to host memory before the step computes (their device blocks may be reused by it).</summary>
    public ImmutableArray<BlockCopy> SwapOut { get; init; } = [];

    /// <summary>Blocks of readmitted swapped sequences to copy back from host memory before the step computes.</summary>
    public ImmutableArray<BlockCopy> SwapIn { get; init; } = [];

    public int TotalScheduledTokens { get; } = Scheduled.Sum(s => s.NumTokens);

    public bool IsEmpty => Scheduled.IsEmpty;
}
