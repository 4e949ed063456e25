using System.Collections.Immutable;

namespace Platform.Inference.Engine;

/// <summary>
/// What one engine step computes, decided by <see cref="Scheduler.Schedule"/> and read by the model runner. Immutable:
/// later scheduling decisions never change an output already handed out.
/// </summary>
/// <param name="Scheduled">Sequences to run this step, decodes (and unfinished prefills) of running ones first.</param>
/// <param name="PreemptedRequestIds">Sequences evicted this step to free blocks; they recompute later.</param>
/// <param name="ExpiredRequestIds">Sequences dropped unrun because their deadline passed; they never generated.</param>
internal sealed record SchedulerOutput(
    ImmutableArray<ScheduledSequence> Scheduled,
    ImmutableArray<string> PreemptedRequestIds,
    ImmutableArray<string> ExpiredRequestIds,
    int BlockSize)
{

    public int TotalScheduledTokens { get; } = Scheduled.Sum(s => s.NumTokens);

    public bool IsEmpty => Scheduled.IsEmpty;
}
