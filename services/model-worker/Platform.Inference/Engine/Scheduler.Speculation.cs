namespace Platform.Inference.Engine;

/// <summary>
/// Prompt-lookup speculation: a decoding sequence may feed up to <see cref="SchedulerOptions.SpeculativeTokens"/>
/// drafts after its last token; the step returns logits at every one of those positions, the engine keeps the longest
/// prefix the model agrees with plus the model's own next token, and the KV of rejected drafts is rolled back.
/// </summary>
internal sealed partial class Scheduler
{
    /// <summary>Decodes a sequence skips drafting once its acceptance fell below <see cref="SchedulerOptions.MinDraftAcceptance"/>.</summary>
    private const int DraftCooldownDecodes = 32;

    private int[] _drafts = [];
    private long _draftTokens;
    private long _acceptedDraftTokens;

    /// <summary>
    /// Drafts for a sequence about to decode and allocates KV slots for its last token plus the drafts. Drafts never
    /// preempt anyone: when the pool cannot hold them, the sequence decodes plainly.
    /// </summary>
    /// <param name="spareBudget">Tokens of the step's budget this sequence may take, its own token included.</param>
    /// <returns>The drafts (empty: decode plainly, nothing allocated yet).</returns>
    private ReadOnlySpan<int> Draft(Sequence sequence, int numNew, int spareBudget)
    {
        if (_options.SpeculativeTokens == 0 || !sequence.AllowSpeculation || numNew != 1
            || sequence.NumGeneratedTokens == 0 || sequence.NumTokens - sequence.NumComputedTokens != 1)
        {
            return [];
        }

        if (sequence.DraftCooldown > 0)
        {
            sequence.DraftCooldown--;
            return [];
        }

        // Accepting every draft plus the bonus token must not pass max tokens: the length stop stays exact. A sequence
        // whose drafts are often rejected drafts fewer: on a compute-bound step each verified draft costs a token.
        var max = Math.Min(
            Math.Min(DraftLength(sequence.DraftAcceptance), spareBudget - 1),
            sequence.Sampling.MaxTokens - sequence.NumGeneratedTokens - 1);
        if (max <= 0)
        {
            return [];
        }

        if (_drafts.Length < max)
        {
            _drafts = new int[_options.SpeculativeTokens];
        }

        var count = PromptLookupDrafter.Propose(sequence.TokenIds, _options.PromptLookupMin, _options.PromptLookupMax, _drafts.AsSpan(0, max));
        if (count == 0 || !_kvCache.TryAllocateSlots(sequence, 1 + count))
        {
            return [];
        }

        return _drafts.AsSpan(0, count);
    }

    /// <summary>Full length while drafts are accepted; scaled down with the moving acceptance, never below one.</summary>
    private int DraftLength(double acceptance) =>
        Math.Clamp((int)Math.Ceiling(_options.SpeculativeTokens * acceptance), 1, _options.SpeculativeTokens);

    /// <summary>
    /// Advances a sampling step: the fed last token and the accepted drafts now have KV and the drafts become output,
    /// followed by the sampled token; blocks that only held rejected drafts go back to the pool.
    /// </summary>
    private void AppendVerified(Sequence sequence, ScheduledSequence step, SampledToken token)
    {
        var accepted = token.AcceptedDrafts;
        if (accepted < 0 || accepted > step.NumDraftTokens)
        {
            throw new ArgumentException($"{step.RequestId}: {accepted} accepted drafts of {step.NumDraftTokens}.", nameof(token));
        }

        var drafts = step.DraftTokenIds;
        for (var i = 0; i < accepted; i++)
        {
            sequence.AppendToken(drafts[i]);
        }

        sequence.AppendToken(token.TokenId);
        _generationTokens += accepted + 1;
        _draftTokens += step.NumDraftTokens;
        _acceptedDraftTokens += accepted;
        if (step.NumDraftTokens > 0)
        {
            // After a cooldown one drafted step (a probe) decides whether drafting resumes.
            sequence.DraftAcceptance = (0.5 * sequence.DraftAcceptance) + (0.5 * accepted / step.NumDraftTokens);
            sequence.DraftCooldown = sequence.DraftAcceptance < _options.MinDraftAcceptance ? DraftCooldownDecodes : 0;
        }

        sequence.NumComputedTokens += step.NumTokens - step.NumDraftTokens + accepted;
        // Appended first: caching hashes the full blocks of the token ids, which must cover every computed position.
        _kvCache.CacheComputedBlocks(sequence);
        if (accepted < step.NumDraftTokens)
        {
            // Rejected drafts' KV sits past the computed tokens and is overwritten when those positions are computed.
            _kvCache.ReleaseBlocksPast(sequence, sequence.NumTokens);
        }
    }
}
