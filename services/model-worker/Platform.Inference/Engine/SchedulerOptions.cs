namespace Platform.Inference.Engine;

/// <summary>Sizes of the paged KV cache and the limits of continuous batching, fixed at worker start-up.</summary>
internal sealed class SchedulerOptions
{
    /// <summary>Tokens per KV block.</summary>
    public int BlockSize { get; set; } = 16;

    /// <summary>KV blocks in the pool; the model runner sizes this from the device memory left after the weights.</summary>
    public int NumBlocks { get; set; } = 1024;

    /// <summary>Tokens computed per step across all sequences (prefill chunks plus one per decode).</summary>
    public int MaxBatchedTokens { get; set; } = 2048;

    /// <summary>Sequences holding KV blocks and a batch slot at once.</summary>
    public int MaxRunningSequences { get; set; } = 64;

    /// <summary>Longest prompt plus generation a sequence may reach (the model's context length).</summary>
    public int MaxModelLength { get; set; } = 4096;

    public bool EnablePrefixCaching { get; set; } = true;

    /// <summary>Draft tokens a decoding sequence may verify per step (prompt lookup); 0 turns speculation off.</summary>
    public int SpeculativeTokens { get; set; }

    /// <summary>Longest n-gram of a sequence's tail looked up in its own tokens to draft from.</summary>
    public int PromptLookupMax { get; set; } = 3;

    /// <summary>Shortest n-gram tried when no longer one matches.</summary>
    public int PromptLookupMin { get; set; } = 1;

    /// <summary>
    /// Below this moving acceptance a sequence stops drafting for a while: verifying 4 drafts costs a CPU step about
    /// twice a plain decode, so drafts pay only when more than about half are accepted. 0: never back off.
    /// </summary>
    public double MinDraftAcceptance { get; set; } = 0.6;

    /// <summary>
    /// Waiting time worth one priority level: a request that has waited this long is scheduled like one of the next more
    /// urgent level that arrives now, so chat is never starved by a steady stream of completions. Zero: strict classes.
    /// </summary>
    public TimeSpan PriorityAgingInterval { get; set; }

    /// <summary>
    /// Most tokens of one prompt (or recompute) computed in a step while other sequences are decoding, so a long prompt
    /// cannot stall every running stream for whole steps (vLLM's long-prefill threshold). Zero: no cap.
    /// </summary>
    public int LongPrefillTokenThreshold { get; set; }

    /// <summary>What preemption does with the victim's KV: drop it and recompute, or copy it to host blocks.</summary>
    public PreemptionMode PreemptionMode { get; set; } = PreemptionMode.Recompute;

    /// <summary>Host-memory blocks that swapped-out KV may occupy; when they run out, preemption recomputes.</summary>
    public int NumHostBlocks { get; set; }

    /// <summary>Tokens one sequence can hold: the model's context, or less when the whole pool is smaller.</summary>
    public int MaxSequenceLength => (int)Math.Min(MaxModelLength, (long)NumBlocks * BlockSize);

    /// <summary>Problems with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BlockSize is < 1 or > 1024)
        {
            errors.Add($"{nameof(BlockSize)} must be between 1 and 1024, not {BlockSize}.");
        }

        if (NumBlocks < 1)
        {
            errors.Add($"{nameof(NumBlocks)} must be positive, not {NumBlocks}.");
        }

        if (MaxBatchedTokens < 1)
        {
            errors.Add($"{nameof(MaxBatchedTokens)} must be positive, not {MaxBatchedTokens}.");
        }

        if (MaxRunningSequences < 1)
        {
            errors.Add($"{nameof(MaxRunningSequences)} must be positive, not {MaxRunningSequences}.");
        }

        // A step must be able to give every running sequence its decode token.
        if (MaxBatchedTokens < MaxRunningSequences)
        {
            errors.Add($"{nameof(MaxBatchedTokens)} ({MaxBatchedTokens}) must be at least {nameof(MaxRunningSequences)} ({MaxRunningSequences}).");
        }

        if (PriorityAgingInterval < TimeSpan.Zero)
        {
            errors.Add($"{nameof(PriorityAgingInterval)} must not be negative, not {PriorityAgingInterval}.");
        }

        if (LongPrefillTokenThreshold < 0)
        {
            errors.Add($"{nameof(LongPrefillTokenThreshold)} must not be negative, not {LongPrefillTokenThreshold}.");
        }

        if (NumHostBlocks < 0)
        {
            errors.Add($"{nameof(NumHostBlocks)} must not be negative, not {NumHostBlocks}.");
        }

        if (MaxModelLength < 2)
        {
            errors.Add($"{nameof(MaxModelLength)} must be at least 2, not {MaxModelLength}.");
        }

        if (SpeculativeTokens is < 0 or > 32)
        {
            errors.Add($"{nameof(SpeculativeTokens)} must be between 0 and 32, not {SpeculativeTokens}.");
        }

        if (PromptLookupMin < 1 || PromptLookupMax < PromptLookupMin)
        {
            errors.Add($"{nameof(PromptLookupMin)} must be at least 1 and at most {nameof(PromptLookupMax)}, not {PromptLookupMin} and {PromptLookupMax}.");
        }

        return errors;
    }
}
