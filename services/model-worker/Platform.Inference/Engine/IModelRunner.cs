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
    /// Runs the step, first dropping any per-sequence state of its <see cref="SchedulerOutput.PreemptedRequestIds"/>.
    /// The returned logits are valid until the next call.
    /// </summary>
    StepLogits Execute(SchedulerOutput output);

    /// <summary>
    /// Drops whatever the runner keeps for a sequence that left the engine (finished or cancelled), before its stream
    /// ends. The scheduler frees its KV blocks separately; a runner that keeps nothing per sequence does nothing.
    /// </summary>
    void Free(string requestId);
}

/// <summary>
/// The logits of one step, one row per scheduled sequence that samples, in scheduling order. Owned by the runner and
/// reused by its next step.
/// </summary>
internal sealed class StepLogits(int vocabSize)
{
    private float[] _data = [];
    private int[] _rowOf = [];

    public int VocabSize { get; } = vocabSize;

    /// <summary>Logits of the scheduled sequence at <paramref name="scheduledIndex"/> (one that samples).</summary>
    public ReadOnlySpan<float> Row(int scheduledIndex)
    {
        var row = _rowOf[scheduledIndex];
        if (row < 0)
        {
            throw new InvalidOperationException($"Scheduled sequence {scheduledIndex} computed a prefill chunk and has no logits.");
        }

        return _data.AsSpan(row * VocabSize, VocabSize);
    }

    /// <summary>Sizes the buffers for <paramref name="output"/> and numbers its sampling sequences' rows.</summary>
    internal void Reset(SchedulerOutput output)
    {
        var scheduled = output.Scheduled;
        if (_rowOf.Length < scheduled.Length)
        {
            _rowOf = new int[scheduled.Length];
        }

        var rows = 0;
        for (var i = 0; i < scheduled.Length; i++)
        {
            _rowOf[i] = scheduled[i].SamplesNextToken ? rows++ : -1;
        }

        if (_data.Length < rows * VocabSize)
        {
            _data = new float[rows * VocabSize];
        }
    }

    internal Span<float> Writable(int scheduledIndex) => _data.AsSpan(_rowOf[scheduledIndex] * VocabSize, VocabSize);
}
