namespace Platform.Inference.Engine;

/// <summary>
/// The logits of one step: for each scheduled sequence that samples, one row per position it returns logits for
/// (<see cref="ScheduledSequence.NumLogits"/>: its last fed token, or its last token and each draft), in scheduling
/// order. Owned by the runner and reused by its next step.
/// </summary>
internal sealed class StepLogits(int vocabSize)
{
    private float[] _data = [];
    private int[] _rowOf = [];
    private int[] _rowsOf = [];

    public int VocabSize { get; } = vocabSize;

    /// <summary>
    /// Logits of the scheduled sequence at <paramref name="scheduledIndex"/> (one that samples) at its
    /// <paramref name="offset"/>-th logits position: 0 predicts the token after its last fed token, or, with drafts,
    /// the token after the last accepted one; offset j predicts the token after draft j.
    /// </summary>
    public ReadOnlySpan<float> Row(int scheduledIndex, int offset = 0)
    {
        var row = _rowOf[scheduledIndex];
        if (row < 0)
        {
            throw new InvalidOperationException($"Scheduled sequence {scheduledIndex} computed a prefill chunk and has no logits.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)offset, (uint)_rowsOf[scheduledIndex], nameof(offset));
        return _data.AsSpan((row + offset) * VocabSize, VocabSize);
    }

    /// <summary>Sizes the buffers for <paramref name="output"/> and numbers its sampling sequences' rows.</summary>
    internal void Reset(SchedulerOutput output)
    {
        var scheduled = output.Scheduled;
        if (_rowOf.Length < scheduled.Length)
        {
            _rowOf = new int[scheduled.Length];
            _rowsOf = new int[scheduled.Length];
        }

        var rows = 0;
        for (var i = 0; i < scheduled.Length; i++)
        {
            var count = scheduled[i].NumLogits;
            _rowOf[i] = count > 0 ? rows : -1;
            _rowsOf[i] = count;
            rows += count;
        }

        if (_data.Length < rows * VocabSize)
        {
            _data = new float[rows * VocabSize];
        }
    }

    internal Span<float> Writable(int scheduledIndex, int offset = 0) =>
        _data.AsSpan((_rowOf[scheduledIndex] + offset) * VocabSize, VocabSize);
}
