using System.Collections.Immutable;

namespace Platform.Inference.Engine;

internal sealed partial class Scheduler
{
    /// <summary>Decides the next step; an empty output means there is nothing runnable now.</summary>
    public SchedulerOutput Schedule()
    {
        var expired = DropExpired();
        var step = new StepPlan(_options.MaxBatchedTokens, CountDecodes());
        // The cap binds only while someone decodes: alone, a prompt may take the whole budget.
        step.PrefillCap = step.PendingDecodes > 0 && _options.LongPrefillTokenThreshold > 0
            ? _options.LongPrefillTokenThreshold
            : int.MaxValue;

        for (int i = 0; i < _running.Count && step.Budget > 0; i++)
        {
            var sequence = _running[i];
            int numNew;
            ReadOnlySpan<int> drafts = [];
            if (IsDecoding(sequence))
            {
                step.PendingDecodes--;
                numNew = 1;
                // Drafts take only what the decodes after this one leave of the budget.
                drafts = Draft(sequence, numNew, step.Budget - step.PendingDecodes);
            }
            else
            {
                // Decodes later in the running set keep their token: a prefill chunk only takes what they leave.
                numNew = Math.Min(Math.Min(sequence.NumTokens - sequence.NumComputedTokens, step.PrefillCap), step.Budget - step.PendingDecodes);
                if (numNew <= 0)
                {
                    continue;
                }
            }

            if (drafts.IsEmpty && !TryAllocateByPreempting(sequence, numNew, step))
            {
                break;
            }

            step.Scheduled.Add(Snapshot(sequence, numNew, drafts));
            step.Budget -= numNew + drafts.Length;
        }

        // Admitting right after a preemption would only thrash: the blocks just freed are needed by the running set.
        if (step.Preempted.Count == 0)
        {
            AdmitWaiting(step);
        }

        if (step.Scheduled.Count > 0)
        {
            _steps++;
        }

        return new SchedulerOutput(step.Scheduled.ToImmutable(), step.Preempted.ToImmutable(), expired, _options.BlockSize)
        {
            SwapOut = step.SwapOut.ToImmutable(),
            SwapIn = step.SwapIn.ToImmutable(),
        };
    }

    /// <summary>A running sequence whose next step is one decode token (its prompt and recompute are done).</summary>
    private static bool IsDecoding(Sequence sequence) =>
        sequence.NumGeneratedTokens > 0 && sequence.NumTokens - sequence.NumComputedTokens == 1;

    private int CountDecodes()
    {
        int count = 0;
        foreach (var sequence in _running)
        {
            count += IsDecoding(sequence) ? 1 : 0;
        }

        return count;
    }

    private bool TryAllocateByPreempting(Sequence sequence, int numNew, StepPlan step)
    {
        while (!_kvCache.TryAllocateSlots(sequence, numNew))
        {
            // The running list is in scheduling order and we walk it from the front, so the victim was not scheduled yet.
            var victim = _running[^1];
            if (!ReferenceEquals(victim, sequence) && IsDecoding(victim))
            {
                step.PendingDecodes--;
            }

            Preempt(victim, step);
            step.Preempted.Add(victim.RequestId);
            if (ReferenceEquals(victim, sequence))
            {
                return false;
            }
        }

        return true;
    }

    private void AdmitWaiting(StepPlan step)
    {
        while (step.Budget > 0 && _running.Count < _options.MaxRunningSequences && _waiting.Count > 0)
        {
            var sequence = _waiting.Min!;
            bool swapped = sequence.Status == SequenceStatus.Swapped;
            int numCached = swapped ? 0 : _kvCache.FindCachedPrefix(sequence, _prefixBlocks);
            int start = swapped ? sequence.NumComputedTokens : numCached;
            int numNew = Math.Min(Math.Min(sequence.NumTokens - start, step.Budget), step.PrefillCap);
            // Strict order: a head that does not fit blocks the ones behind it, so big prompts are not starved.
            if (!_kvCache.TryAllocateSlots(sequence, numNew, swapped ? null : _prefixBlocks))
            {
                break;
            }

            _waiting.Remove(sequence);
            if (swapped)
            {
                SwapIn(sequence, step);
            }
            else
            {
                sequence.NumComputedTokens = numCached;
                sequence.NumCachedPromptTokens = numCached;
            }

            sequence.Status = SequenceStatus.Running;
            int index = _running.BinarySearch(sequence, SchedulingOrder.Instance);
            _running.Insert(index < 0 ? ~index : index, sequence);
            var scheduled = Snapshot(sequence, numNew);
            step.Scheduled.Add(scheduled);
            step.Budget -= numNew;
            if (scheduled.IsDecode && _options.LongPrefillTokenThreshold > 0)
            {
                // A swapped-in (or fully cached) sequence decodes from here on: prompts admitted after it are capped too.
                step.PrefillCap = _options.LongPrefillTokenThreshold;
            }
        }
    }

    private void Preempt(Sequence sequence, StepPlan step)
    {
        _running.Remove(sequence);
        sequence.PreemptionCount++;
        _preemptions++;
        if (TrySwapOut(sequence, step))
        {
            _waiting.Add(sequence);
            return;
        }

        _kvCache.Free(sequence);
        // Recompute: generated tokens are kept and become part of what is prefilled again.
        sequence.NumComputedTokens = 0;
        sequence.Status = SequenceStatus.Preempted;
        _waiting.Add(sequence);
    }

    /// <summary>Copies the victim's computed blocks to host blocks (when swapping is on and they fit) and frees its device blocks.</summary>
    private bool TrySwapOut(Sequence sequence, StepPlan step)
    {
        int numBlocks = (sequence.NumComputedTokens + _options.BlockSize - 1) / _options.BlockSize;
        if (_options.PreemptionMode != PreemptionMode.Swap || numBlocks == 0 || !_swapSpace.TryAllocate(numBlocks, sequence.HostBlockTable))
        {
            return false;
        }

        for (int i = 0; i < numBlocks; i++)
        {
            step.SwapOut.Add(new BlockCopy(sequence.BlockTable[i], sequence.HostBlockTable[i]));
        }

        // The runner copies before this step computes anything, so the freed blocks may be handed out in this step.
        _kvCache.Free(sequence);
        sequence.Status = SequenceStatus.Swapped;
        _swappedOutBlocks += numBlocks;
        _swapPreemptions++;
        return true;
    }

    /// <summary>Copies a swapped sequence's host blocks into the device blocks just allocated for it, and frees them.</summary>
    private void SwapIn(Sequence sequence, StepPlan step)
    {
        // Nothing is swapped out in a step that swaps in (admission stops after a preemption), so the host blocks freed
        // here are not overwritten before the runner reads them.
        var host = sequence.HostBlockTable;
        for (int i = 0; i < host.Count; i++)
        {
            step.SwapIn.Add(new BlockCopy(sequence.BlockTable[i], host[i]));
        }

        _swappedInBlocks += host.Count;
        _swapSpace.Release(host);
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

    /// <summary>What one <see cref="Schedule"/> call has decided so far.</summary>
    private sealed class StepPlan(int budget, int pendingDecodes)
    {
        public int Budget { get; set; } = budget;

        /// <summary>Decoding sequences not yet visited: the budget they are owed.</summary>
        public int PendingDecodes { get; set; } = pendingDecodes;

        public int PrefillCap { get; set; } = int.MaxValue;

        public ImmutableArray<ScheduledSequence>.Builder Scheduled { get; } = ImmutableArray.CreateBuilder<ScheduledSequence>();

        public ImmutableArray<string>.Builder Preempted { get; } = ImmutableArray.CreateBuilder<string>();

        public ImmutableArray<BlockCopy>.Builder SwapOut { get; } = ImmutableArray.CreateBuilder<BlockCopy>();

        public ImmutableArray<BlockCopy>.Builder SwapIn { get; } = ImmutableArray.CreateBuilder<BlockCopy>();
    }
}
