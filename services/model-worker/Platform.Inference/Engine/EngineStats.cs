namespace Platform.Inference.Engine;

/// <summary>
/// A point-in-time reading of the engine's gauges and counters; the worker host publishes these through
/// System.Diagnostics.Metrics. Counters are totals since start.
/// </summary>
internal readonly record struct EngineStats
{
    public int RunningSequences { get; init; }
    public int WaitingSequences { get; init; }
    public int UsedKvBlocks { get; init; }
    public int TotalKvBlocks { get; init; }

    /// <summary>Fraction of KV blocks held by live sequences, 0 to 1.</summary>
    public double KvCacheUsage { get; init; }

    public long PrefixCacheQueriedTokens { get; init; }
    public long PrefixCacheHitTokens { get; init; }
    public long Preemptions { get; init; }

    /// <summary>Prompt tokens of sequences that produced their first token.</summary>
    public long PromptTokens { get; init; }
    public long GenerationTokens { get; init; }
    public long Aborted { get; init; }
    public long DeadlineDrops { get; init; }
    public long Steps { get; init; }

    /// <summary>Tokens whose KV running sequences hold (a block shared by two sequences counts twice).</summary>
    public long KvTokensStored { get; init; }

    /// <summary>Tokens of prefill and recompute chunks the model computed (prefix-cache hits are not computed).</summary>
    public long ComputedPrefillTokens { get; init; }

    /// <summary>Single-token decode steps the model computed.</summary>
    public long ComputedDecodeTokens { get; init; }

    /// <summary>Draft tokens (prompt lookup) fed for verification.</summary>
    public long SpecDecodeDraftTokens { get; init; }

    /// <summary>Of those, drafts the model agreed with (kept as output).</summary>
    public long SpecDecodeAcceptedTokens { get; init; }

    /// <summary>Sequences waiting with their KV in host blocks.</summary>
    public int SwappedSequences { get; init; }

    public int UsedHostKvBlocks { get; init; }
    public int TotalHostKvBlocks { get; init; }

    /// <summary>Preemptions that swapped rather than dropped the KV (a part of <see cref="Preemptions"/>).</summary>
    public long SwapPreemptions { get; init; }
    public long SwappedOutBlocks { get; init; }
    public long SwappedInBlocks { get; init; }

    /// <summary>Waiting sequences (new, preempted or swapped) per priority class.</summary>
    public IReadOnlyDictionary<int, int>? WaitingByPriority { get; init; }
}
