namespace Platform.Inference.Engine;

/// <summary>Settings of the engine (and the runner it drives): KV cache geometry, batching limits, threads, execution provider.</summary>
public sealed record EngineOptions
{
    /// <summary>Tokens per KV block.</summary>
    public int BlockSize { get; init; } = 16;

    /// <summary>KV blocks in the pool; null sizes the pool from <see cref="KvCacheMemoryBytes"/>.</summary>
    public int? NumBlocks { get; init; }

    /// <summary>Memory for the KV cache when <see cref="NumBlocks"/> is null.</summary>
    public long KvCacheMemoryBytes { get; init; } = 256L << 20;

    /// <summary>Tokens computed per step across all sequences (prefill chunks plus one per decode).</summary>
    public int MaxBatchedTokens { get; init; } = 1024;

    /// <summary>Sequences decoded together; 1 turns the engine into a one-request-at-a-time server.</summary>
    public int MaxRunningSequences { get; init; } = 64;

    public bool EnablePrefixCaching { get; init; } = true;

    /// <summary>
    /// Draft tokens a decoding sequence verifies per step by prompt lookup (its last n-gram found earlier in its prompt
    /// and output proposes what follows); 0 turns speculative decoding off. Runners that cannot verify drafts ignore it.
    /// </summary>
    public int SpeculativeTokens { get; init; } = 4;

    /// <summary>Longest n-gram of the sequence's tail looked up to draft from.</summary>
    public int PromptLookupMax { get; init; } = 3;

    /// <summary>Shortest n-gram tried when no longer one matches.</summary>
    public int PromptLookupMin { get; init; } = 2;

    /// <inheritdoc cref="SchedulerOptions.PriorityAgingInterval"/>
    public TimeSpan PriorityAgingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc cref="SchedulerOptions.LongPrefillTokenThreshold"/>
    public int LongPrefillTokenThreshold { get; init; } = 64;

    /// <inheritdoc cref="SchedulerOptions.PreemptionMode"/>
    public PreemptionMode PreemptionMode { get; init; } = PreemptionMode.Recompute;

    /// <summary>Host memory for swapped-out KV blocks with <see cref="PreemptionMode.Swap"/> (allocated at start).</summary>
    public long SwapSpaceBytes { get; init; } = 512L << 20;

    /// <summary>Threads ONNX Runtime uses inside one run; 0 leaves its default (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// <c>auto</c> (default): whatever the model folder was imported for, the CUDA runner for a folder holding the fp16
    /// PagedAttention graph (an import with <c>--gpu</c>), else the CPU runner. <c>cpu</c>: the fp32 (or quantised) paged
    /// graph on the CPU runner. <c>cuda</c>: the fp16 PagedAttention graph on the CUDA runner (needs the GPU build of
    /// ONNX Runtime and a model folder imported for the GPU).
    /// </summary>
    public string ExecutionProvider { get; init; } = AutoProvider;

    /// <summary>CUDA device ordinal for <c>cuda</c>.</summary>
    public int CudaDeviceId { get; init; }

    public const string CpuProvider = "cpu";
    public const string CudaProvider = "cuda";
    public const string AutoProvider = "auto";

    /// <summary>Problems with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (NumBlocks is < 1)
        {
            errors.Add($"{nameof(NumBlocks)} must be positive, not {NumBlocks}.");
        }

        if (NumBlocks is null && KvCacheMemoryBytes < 1)
        {
            errors.Add($"{nameof(KvCacheMemoryBytes)} must be positive, not {KvCacheMemoryBytes}.");
        }

        if (PreemptionMode == PreemptionMode.Swap && SwapSpaceBytes < 1)
        {
            errors.Add($"{nameof(SwapSpaceBytes)} must be positive with preemption mode {PreemptionMode.Swap}, not {SwapSpaceBytes}.");
        }

        if (!Enum.IsDefined(PreemptionMode))
        {
            errors.Add($"{nameof(PreemptionMode)} must be {PreemptionMode.Recompute} or {PreemptionMode.Swap}.");
        }

        if (IntraOpThreads < 0)
        {
            errors.Add($"{nameof(IntraOpThreads)} must not be negative, not {IntraOpThreads}.");
        }

        if (ExecutionProvider is not (CpuProvider or CudaProvider or AutoProvider))
        {
            errors.Add($"{nameof(ExecutionProvider)} must be '{AutoProvider}', '{CpuProvider}' or '{CudaProvider}', not '{ExecutionProvider}'.");
        }

        if (ExecutionProvider == CudaProvider && !PagedAttentionBlockSizes.IsAccepted(BlockSize))
        {
            errors.Add($"{nameof(BlockSize)} {BlockSize} does not run on CUDA: {PagedAttentionBlockSizes.Rule}.");
        }

        if (CudaDeviceId < 0)
        {
            errors.Add($"{nameof(CudaDeviceId)} must not be negative, not {CudaDeviceId}.");
        }

        errors.AddRange(ToSchedulerOptions(numBlocks: 1, maxModelLength: 2, numHostBlocks: 0).Validate());
        return errors;
    }

    internal SchedulerOptions ToSchedulerOptions(int numBlocks, int maxModelLength, int numHostBlocks) => new()
    {
        PriorityAgingInterval = PriorityAgingInterval,
        LongPrefillTokenThreshold = LongPrefillTokenThreshold,
        PreemptionMode = PreemptionMode,
        NumHostBlocks = numHostBlocks,
        BlockSize = BlockSize,
        NumBlocks = numBlocks,
        MaxBatchedTokens = MaxBatchedTokens,
        MaxRunningSequences = MaxRunningSequences,
        MaxModelLength = maxModelLength,
        EnablePrefixCaching = EnablePrefixCaching,
        SpeculativeTokens = SpeculativeTokens,
        PromptLookupMax = PromptLookupMax,
        PromptLookupMin = PromptLookupMin,
    };
}
