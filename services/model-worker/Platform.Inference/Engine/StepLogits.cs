namespace Platform.Inference.Engine;

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
