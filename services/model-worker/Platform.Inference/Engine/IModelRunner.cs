namespace Platform.Inference.Engine;

/// <summary>
/// Executes one <see cref="SchedulerOutput"/> on the device: computes the KV of every scheduled token into the slots of
/// its slot mapping and the next-token logits of every sequence that samples. The only layer that touches the device.
/// </summary>
internal interface IModelRunner : IDisposable
{
    /// <summary>Logits per row; rows at or above the tokenizer's vocabulary are padding ids.</summary>
    int VocabSize { get; }

    /// <summary>
    /// Whether a sequence may start past position 0 on KV that other sequences computed into shared blocks. False for a
    /// runner that keeps each sequence's KV apart from the blocks; the engine then turns prefix caching off.
    /// </summary>
    bool SupportsPrefixCaching { get; }

    /// <summary>
    /// Whether a decode may carry draft tokens: the runner returns logits at each of a row's last
    /// <see cref="ScheduledSequence.NumLogits"/> positions and keeps no KV of its own that rejected drafts would spoil.
    /// False turns speculation off.
    /// </summary>
    bool SupportsSpeculation { get; }

    /// <summary>
    /// Runs the step, first dropping any per-sequence state of its <see cref="SchedulerOutput.PreemptedRequestIds"/>.
    /// The returned logits are valid until the next call.
    /// </summary>
    StepLogits Execute(SchedulerOutput output);

    /// <summary>
    /// Drops whatever the runner keeps for a sequence that left the engine (finished or cancelled), before its stream
    /// ends. The scheduler frees its KV blocks separately; a runner that keeps nothing per sequence does nothing.
    /// </summary>
    void Free(string requestId);

    /// <summary>Blocks of the host pool that swapped-out KV is copied to; 0 for a runner that cannot swap.</summary>
    int NumHostBlocks => 0;

    /// <summary>Bytes one KV block takes (all layers, keys and values), as copied by a swap.</summary>
    long KvBlockBytes => 0;

    /// <summary>Copies device blocks to host blocks; called before <see cref="Execute"/> of the step that freed them.</summary>
    void CopyOut(ReadOnlySpan<BlockCopy> copies) =>
        throw new NotSupportedException($"{GetType().Name} keeps no host pool to swap KV to.");

    /// <summary>Copies host blocks back into device blocks; called before <see cref="Execute"/> of the step that reads them.</summary>
    void CopyIn(ReadOnlySpan<BlockCopy> copies) =>
        throw new NotSupportedException($"{GetType().Name} keeps no host pool to swap KV from.");
}
