using System.Collections.Immutable;

namespace Platform.Inference.Engine;

internal sealed partial class Scheduler
{
    /// <summary>Decides the next step; an empty output means there is nothing runnable now.</summary>
    public SchedulerOutput Schedule()
    {
        var expired = DropExpired();
        var scheduled = ImmutableArray.CreateBuilder<ScheduledSequence>();
        var preempted = ImmutableArray.CreateBuilder<string>();
        int budget = _options.MaxBatchedTokens;

        for (int i = 0; i < _running.Count && budget > 0; i++)
        {
            var sequence = _running[i];
            int numNew = Math.Min(sequence.NumTokens - sequence.NumComputedTokens, budget);
            // Each running sequence after this one keeps at least its one token of the budget.
            var drafts = Draft(sequence, numNew, budget - (_running.Count - i));
            if (drafts.IsEmpty && !TryAllocateByPreempting(sequence, numNew, preempted))
            {
                break;
            }

            scheduled.Add(Snapshot(sequence, numNew, drafts));
            budget -= numNew + drafts.Length;
        }

        // Admitting right after a preemption would only thrash: the blocks just freed are needed by the running set.
        if (preempted.Count == 0)
        {
            AdmitWaiting(scheduled, ref budget);
        }

        if (scheduled.Count > 0)
        {
            _steps++;
        }

        return new SchedulerOutput(scheduled.ToImmutable(), preempted.ToImmutable(), expired, _options.BlockSize);
    }

    private bool TryAllocateByPreempting(Sequence sequence, int numNew, ImmutableArray<string>.Builder preempted)
    {
        while (!_kvCache.TryAllocateSlots(sequence, numNew))
        {
            // The running list is in scheduling order and we walk it from the front, so the victim was not scheduled yet.
            var victim = _running[^1];
            Preempt(victim);
            preempted.Add(victim.RequestId);
            if (ReferenceEquals(victim, sequence))
            {
                return false;
            }
        }

        return true;
    }

    private void AdmitWaiting(ImmutableArray<ScheduledSequence>.Builder scheduled, ref int budget)
    {
        while (budget > 0 && _running.Count < _options.MaxRunningSequences && _waiting.Count > 0)
        {
            var sequence = _waiting.Min!;
            int numCached = _kvCache.FindCachedPrefix(sequence, _prefixBlocks);
            int numNew = Math.Min(sequence.NumTokens - numCached, budget);
            // Strict order: a head that does not fit blocks the ones behind it, so big prompts are not starved.
            if (!_kvCache.TryAllocateSlots(sequence, numNew, _prefixBlocks))
            {
                break;
            }

            _waiting.Remove(sequence);
            sequence.NumComputedTokens = numCached;
            sequence.NumCachedPromptTokens = numCached;
            sequence.Status = SequenceStatus.Running;
            int index = _running.BinarySearch(sequence, SchedulingOrder.Instance);
            _running.Insert(index < 0 ? ~index : index, sequence);
            scheduled.Add(Snapshot(sequence, numNew));
            budget -= numNew;
        }
    }

    private void Preempt(Sequence sequence)
    {
        _running.Remove(sequence);
        _kvCache.Free(sequence);
        // Recompute: generated tokens are kept and become part of what is prefilled again.
        sequence.NumComputedTokens = 0;
        sequence.Status = SequenceStatus.Preempted;
        sequence.PreemptionCount++;
        _preemptions++;
        _waiting.Add(sequence);
    }

    private ImmutableArray<string> DropExpired()
    {
        var now = _time.GetUtcNow();
        List<Sequence>? expired = null;
        foreach (var sequence in _waiting)
        {
            // Only never-started sequences: a preempted one already streamed tokens and is finished, not dropped.
            if (sequence.Status == SequenceStatus.Waiting && sequence.Deadline <= now)
            {
                (expired ??= []).Add(sequence);
            }
        }

        if (expired is null)
        {
            return [];
        }

        var ids = ImmutableArray.CreateBuilder<string>(expired.Count);
        foreach (var sequence in expired)
        {
            // Waiting sequences hold no blocks, so there is nothing to free.
            _waiting.Remove(sequence);
            _live.Remove(sequence.RequestId);
            sequence.Status = SequenceStatus.Expired;
            _deadlineDrops++;
            ids.Add(sequence.RequestId);
        }

        return ids.MoveToImmutable();
    }

    private ScheduledSequence Snapshot(Sequence sequence, int numNew, ReadOnlySpan<int> drafts = default)
    {
        int start = sequence.NumComputedTokens;
        int blockSize = _options.BlockSize;
        var table = sequence.BlockTable;
        int numFed = numNew + drafts.Length;
        var slots = ImmutableArray.CreateBuilder<int>(numFed);
        for (int position = start; position < start + numFed; position++)
        {
            slots.Add((table[position / blockSize] * blockSize) + (position % blockSize));
        }

        bool samples = start + numNew == sequence.NumTokens;
        bool isDecode = numNew == 1 && samples && start >= sequence.NumPromptTokens;
        return new ScheduledSequence(
            sequence.RequestId,
            [.. sequence.TokenIds.Slice(start, numNew), .. drafts],
            start,
            [.. table],
            slots.MoveToImmutable(),
            samples,
            isDecode,
            drafts.Length);
    }
}
