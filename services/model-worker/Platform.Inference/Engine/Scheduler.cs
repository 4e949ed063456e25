using Platform.Contracts.Generation;

namespace Platform.Inference.Engine;

/// <summary>
/// Continuous batching over a paged KV cache. Each <see cref="Schedule"/> picks what the next step computes within a
/// token budget: running sequences first (decodes and unfinished prefill chunks, in priority order, preempting the
/// lowest-priority, latest-arrived ones by recompute or swap when blocks run out), then waiting ones by aged priority
/// and arrival, their prompts chunked to fit the budget and, while others decode, the long-prefill cap. <see cref="UpdateFromOutput"/> applies what the step produced.
/// <para>Not thread-safe: the engine loop calls everything, aborts included, between steps on one thread.</para>
/// </summary>
internal sealed partial class Scheduler
{
    private readonly SchedulerOptions _options;
    private readonly KvCacheManager _kvCache;
    private readonly SwapSpace _swapSpace;
    private readonly TimeProvider _time;
    private readonly SortedSet<Sequence> _waiting = new(SchedulingOrder.Instance);
    // Kept in scheduling order, so the preemption victim is always the last one.
    private readonly List<Sequence> _running = [];
    private readonly Dictionary<string, Sequence> _live = new(StringComparer.Ordinal);
    private readonly List<int> _prefixBlocks = [];
    private long _nextArrival;
    private long _preemptions;
    private long _promptTokens;
    private long _generationTokens;
    private long _aborted;
    private long _deadlineDrops;
    private long _steps;
    private long _swappedOutBlocks;
    private long _swappedInBlocks;
    private long _swapPreemptions;

    public Scheduler(SchedulerOptions options, TimeProvider? timeProvider = null)
        : this(options, CreateKvCache(options), timeProvider)
    {
    }

    public Scheduler(SchedulerOptions options, KvCacheManager kvCache, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kvCache);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        if (kvCache.BlockSize != options.BlockSize || kvCache.NumBlocks != options.NumBlocks)
        {
            throw new ArgumentException("The KV cache manager's geometry differs from the options.", nameof(kvCache));
        }

        _options = options;
        _kvCache = kvCache;
        _time = timeProvider ?? TimeProvider.System;
        _swapSpace = new SwapSpace(options.PreemptionMode == PreemptionMode.Swap ? options.NumHostBlocks : 0);
    }

    public KvCacheManager KvCache => _kvCache;

    public int NumRunning => _running.Count;

    public int NumWaiting => _waiting.Count;

    public bool HasUnfinished => _live.Count > 0;

    internal IReadOnlyList<Sequence> Running => _running;

    internal IReadOnlyCollection<Sequence> Waiting => _waiting;

    internal SwapSpace SwapSpace => _swapSpace;

    /// <summary>Queues a new sequence.</summary>
    /// <exception cref="ContextLengthExceededException">Its prompt plus max tokens could never fit, even alone.</exception>
    public void Add(Sequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.ArrivalOrder >= 0 || sequence.Status != SequenceStatus.Waiting)
        {
            throw new ArgumentException($"{sequence.RequestId} was already added to a scheduler.", nameof(sequence));
        }

        CheckFits(sequence);

        if (!_live.TryAdd(sequence.RequestId, sequence))
        {
            throw new ArgumentException($"A sequence with id {sequence.RequestId} is already live.", nameof(sequence));
        }

        sequence.ArrivalOrder = _nextArrival++;
        var aging = _options.PriorityAgingInterval;
        // Aged priority = class - waited / interval; ordering by arrival + class * interval is the same order at any
        // instant, and it never changes while the sequence waits, so the sorted set stays valid.
        sequence.OrderKey = aging > TimeSpan.Zero
            ? _time.GetUtcNow().UtcTicks + (sequence.Priority * aging.Ticks)
            : sequence.Priority;
        _waiting.Add(sequence);
    }

    /// <summary>
    /// The one place that decides whether a prompt plus its max tokens fits the context (and the KV pool); reads only
    /// the fixed options, so any thread may ask.
    /// </summary>
    /// <exception cref="ContextLengthExceededException">It could never fit, even alone.</exception>
    public void CheckFits(Sequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        // Guarantees progress: a sequence that fits alone can always run once the others are preempted.
        if (sequence.NumPromptTokens + sequence.Sampling.MaxTokens > _options.MaxSequenceLength)
        {
            throw new ContextLengthExceededException(sequence.NumPromptTokens, sequence.Sampling.MaxTokens, _options.MaxSequenceLength);
        }
    }

    /// <summary>
    /// Tokens a sequence with this many prompt tokens may generate at most: the context (or KV pool) left after the
    /// prompt. Requests asking for more are lowered to it, so a client's large <c>max_tokens</c> means "as much as fits".
    /// </summary>
    public int RoomAfter(int promptTokens) => _options.MaxSequenceLength - promptTokens;

    /// <summary>Cancels a waiting or running sequence and frees its blocks at once.</summary>
    /// <returns>False when no live sequence has that id (already finished, or unknown).</returns>
    public bool Abort(string requestId)
    {
        if (!_live.TryGetValue(requestId, out var sequence))
        {
            return false;
        }

        if (sequence.Status == SequenceStatus.Running)
        {
            _running.Remove(sequence);
        }
        else
        {
            _waiting.Remove(sequence);
        }

        _aborted++;
        Finish(sequence, FinishReason.Cancelled);
        return true;
    }

    public bool TryGetSequence(string requestId, out Sequence sequence) =>
        _live.TryGetValue(requestId, out sequence!);

    public EngineStats GetStats() => new()
    {
        RunningSequences = _running.Count,
        WaitingSequences = _waiting.Count,
        UsedKvBlocks = _kvCache.NumUsedBlocks,
        TotalKvBlocks = _kvCache.NumBlocks,
        KvCacheUsage = _kvCache.Usage,
        PrefixCacheQueriedTokens = _kvCache.PrefixCacheQueriedTokens,
        PrefixCacheHitTokens = _kvCache.PrefixCacheHitTokens,
        Preemptions = _preemptions,
        PromptTokens = _promptTokens,
        GenerationTokens = _generationTokens,
        Aborted = _aborted,
        DeadlineDrops = _deadlineDrops,
        Steps = _steps,
        KvTokensStored = _running.Sum(s => (long)s.NumComputedTokens),
        SpecDecodeDraftTokens = _draftTokens,
        SpecDecodeAcceptedTokens = _acceptedDraftTokens,

        SwappedSequences = _waiting.Count(s => s.Status == SequenceStatus.Swapped),
        UsedHostKvBlocks = _swapSpace.NumUsedBlocks,
        TotalHostKvBlocks = _swapSpace.NumBlocks,
        SwapPreemptions = _swapPreemptions,
        SwappedOutBlocks = _swappedOutBlocks,
        SwappedInBlocks = _swappedInBlocks,
        WaitingByPriority = WaitingByPriority(),
    };

    private SortedDictionary<int, int> WaitingByPriority()
    {
        var counts = new SortedDictionary<int, int>();
        foreach (var sequence in _waiting)
        {
            counts[sequence.Priority] = counts.GetValueOrDefault(sequence.Priority) + 1;
        }

        return counts;
    }

    private FinishedSequence Finish(Sequence sequence, FinishReason reason)
    {
        _kvCache.Free(sequence);
        _swapSpace.Release(sequence.HostBlockTable);
        sequence.Status = SequenceStatus.Finished;
        sequence.FinishReason = reason;
        _live.Remove(sequence.RequestId);
        return new FinishedSequence(sequence.RequestId, reason, sequence.NumPromptTokens, sequence.NumGeneratedTokens);
    }

    private static KvCacheManager CreateKvCache(SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new KvCacheManager(options.NumBlocks, options.BlockSize, options.EnablePrefixCaching);
    }
}
