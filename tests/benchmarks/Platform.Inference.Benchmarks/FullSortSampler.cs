namespace Platform.Inference.Benchmarks;

/// <summary>
/// The sampler this project had before: every token sorts the whole vocabulary with a comparison delegate, then
/// applies temperature and top-p over the sorted list. Kept here only as the benchmark's baseline.
/// </summary>
internal sealed class FullSortSampler(float temperature, float topP, int seed)
{
    private readonly Random _random = new(seed);
    private float[] _scores = [];
    private int[] _candidates = [];

    public int Sample(ReadOnlySpan<float> logits)
    {
        if (_scores.Length < logits.Length)
        {
            _scores = new float[logits.Length];
            _candidates = new int[logits.Length];
        }

        var scores = _scores;
        logits.CopyTo(scores);
        var candidates = _candidates.AsSpan(0, logits.Length);
        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = i;
        }

        candidates.Sort((a, b) => scores[b] != scores[a] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        var weights = new double[candidates.Length];
        var max = scores[candidates[0]];
        var total = 0.0;
        for (var i = 0; i < candidates.Length; i++)
        {
            weights[i] = Math.Exp((scores[candidates[i]] - max) / temperature);
            total += weights[i];
        }

        var kept = candidates.Length;
        var cumulative = 0.0;
        for (var i = 0; i < candidates.Length; i++)
        {
            cumulative += weights[i];
            if (cumulative >= topP * total)
            {
                kept = i + 1;
                total = cumulative;
                break;
            }
        }

        var target = _random.NextDouble() * total;
        for (var i = 0; i < kept; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return candidates[i];
            }
        }

        return candidates[kept - 1];
    }
}
