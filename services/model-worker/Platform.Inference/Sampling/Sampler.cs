using Platform.Contracts.Generation;

namespace Platform.Inference.Sampling;

/// <summary>
/// Picks the next token of one sequence from its logits: penalties (repetition over prompt and output, presence
/// and frequency over output), then greedy when temperature is 0, else temperature, top-k, top-p and a draw from a
/// generator seeded per request, so the same seed gives the same tokens.
/// </summary>
internal sealed class Sampler
{
    private readonly SamplingSettings _parameters;
    private readonly int _allowedVocabulary;
    private readonly HashSet<int> _seen;
    private readonly Dictionary<int, int> _generatedCounts = [];
    private readonly DeterministicRandom _random;
    private float[] _scores = [];
    private int[] _candidates = [];

    /// <param name="allowedVocabulary">Ids at or above this (padding rows of the embedding) are never sampled.</param>
    public Sampler(SamplingSettings parameters, int allowedVocabulary, IEnumerable<int> promptTokens)
    {
        _parameters = parameters;
        _allowedVocabulary = allowedVocabulary;
        _seen = [.. promptTokens];
        _random = new DeterministicRandom(parameters.Seed is { } seed ? (ulong)seed : (ulong)Random.Shared.NextInt64());
    }

    public int Sample(ReadOnlySpan<float> logits)
    {
        var count = Math.Min(_allowedVocabulary, logits.Length);
        if (_scores.Length < count)
        {
            _scores = new float[count];
            _candidates = new int[count];
        }

        var scores = _scores.AsSpan(0, count);
        logits[..count].CopyTo(scores);
        ApplyPenalties(scores);

        var token = _parameters.Temperature <= 0f || _parameters.TopK == 1 ? ArgMax(scores) : Draw(scores);
        _seen.Add(token);
        _generatedCounts[token] = _generatedCounts.GetValueOrDefault(token) + 1;
        return token;
    }

    private void ApplyPenalties(Span<float> scores)
    {
        var repetition = _parameters.RepetitionPenalty;
        if (repetition > 0f && repetition != 1f)
        {
            foreach (var id in _seen)
            {
                if ((uint)id < (uint)scores.Length)
                {
                    scores[id] = scores[id] > 0f ? scores[id] / repetition : scores[id] * repetition;
                }
            }
        }

        if (_parameters.PresencePenalty != 0f || _parameters.FrequencyPenalty != 0f)
        {
            foreach (var (id, occurrences) in _generatedCounts)
            {
                if ((uint)id < (uint)scores.Length)
                {
                    scores[id] -= _parameters.PresencePenalty + (_parameters.FrequencyPenalty * occurrences);
                }
            }
        }
    }

    private int Draw(Span<float> scores)
    {
        // Candidates sorted by score (descending, then by id) make top-k, top-p and the draw order independent
        // of how ties happen to be laid out.
        var candidates = _candidates.AsSpan(0, scores.Length);
        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = i;
        }

        var scoreArray = _scores;
        candidates.Sort((a, b) => scoreArray[b] != scoreArray[a] ? scoreArray[b].CompareTo(scoreArray[a]) : a.CompareTo(b));
        var kept = _parameters.TopK > 0 ? Math.Min(_parameters.TopK, candidates.Length) : candidates.Length;

        var inverseTemperature = 1.0 / _parameters.Temperature;
        var max = scores[candidates[0]];
        var weights = new double[kept];
        var total = 0.0;
        for (var i = 0; i < kept; i++)
        {
            weights[i] = Math.Exp((scores[candidates[i]] - max) * inverseTemperature);
            total += weights[i];
        }

        if (_parameters.TopP < 1f)
        {
            var cumulative = 0.0;
            for (var i = 0; i < kept; i++)
            {
                cumulative += weights[i];
                if (cumulative >= _parameters.TopP * total)
                {
                    kept = i + 1;
                    total = cumulative;
                    break;
                }
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

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }
}
