using System.Collections.Immutable;

namespace Platform.Inference.Engine;

/// <summary>
/// One sequence's work in a step: compute KV (and, for the last chunk, logits) for <see cref="TokenIds"/> at
/// positions <see cref="StartPosition"/> onwards, attending to the <see cref="StartPosition"/> tokens already cached.
/// </summary>
/// <param name="TokenIds">Tokens to feed this step: a prefill chunk, or the last sampled token for a decode.</param>
/// <param name="StartPosition">Position of the first fed token, which is also the past length (tokens already in the KV cache).</param>
/// <param name="BlockTable">The sequence's KV block ids in position order, covering at least <see cref="ContextLength"/> tokens.</param>
/// <param name="SlotMapping">Per fed token, the KV slot its key and value go to: block * blockSize + offset.</param>
/// <param name="SamplesNextToken">True when the step reaches the end of the sequence, so its last position's logits are sampled.</param>
/// <param name="IsDecode">One new token after the prompt (as opposed to a prefill or a recompute chunk), perhaps with drafts.</param>
/// <param name="NumDraftTokens">
/// Trailing <see cref="TokenIds"/> that are drafts (prompt lookup), not yet part of the sequence: the step verifies them
/// and returns logits at each of the last 1 + <see cref="NumDraftTokens"/> positions.
/// </param>
internal sealed record ScheduledSequence(
    string RequestId,
    ImmutableArray<int> TokenIds,
    int StartPosition,
    ImmutableArray<int> BlockTable,
    ImmutableArray<int> SlotMapping,
    bool SamplesNextToken,
    bool IsDecode,
    int NumDraftTokens = 0)
{
    public int NumTokens => TokenIds.Length;

    /// <summary>Past plus new tokens: the length attention covers after this step.</summary>
    public int ContextLength => StartPosition + TokenIds.Length;

    public int PositionOf(int index) => StartPosition + index;

    /// <summary>Positions whose logits the step returns: none for a prefill chunk that does not reach the end.</summary>
    public int NumLogits => SamplesNextToken ? 1 + NumDraftTokens : 0;

    /// <summary>The draft tokens, in order (empty when the step does not speculate).</summary>
    public ReadOnlySpan<int> DraftTokenIds => TokenIds.AsSpan()[(TokenIds.Length - NumDraftTokens)..];
}
