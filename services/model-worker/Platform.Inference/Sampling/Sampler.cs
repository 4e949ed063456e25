using System.Numerics.Tensors;
using Platform.Contracts.Generation;

namespace Platform.Inference.Sampling;

/// <summary>
/// Picks the next token of one sequence from its logits: logit bias, penalties (repetition over prompt and output,
/// presence and frequency over output), end tokens held off until min_tokens, then greedy when temperature is 0,
/// else temperature, top-k, top-p and a draw from a generator seeded per request, so the same seed gives the same
/// tokens. Each sampler belongs to one sequence; different sequences' samplers may run on different threads at once.
/// </summary>
internal sealed class Sampler
{
    private readonly SamplingSettings _parameters;
    private readonly int _allowedVocabulary;
    private readonly HashSet<int> _seen;
    private readonly Dictionary<int, int> _generatedCounts = [];
    private readonly int[] _heldOffUntilMinTokens;
    private readonly DeterministicRandom _random;
    private int _generated;

    /// <param name="allowedVocabulary">Ids at or above this (padding rows of the embedding) are never sampled.</param>
    /// <param name="endOfSequenceIds">The model's end tokens: with the request's stop token ids, held off until min_tokens.</param>
    public Sampler(SamplingSettings parameters, int allowedVocabulary, IEnumerable<int> promptTokens, IEnumerable<int>? endOfSequenceIds = null)
    {
        _parameters = parameters;
        _allowedVocabulary = allowedVocabulary;
        _seen = [.. promptTokens];
        _heldOffUntilMinTokens = parameters.MinTokens > 0
            ? [.. (endOfSequenceIds ?? []).Concat(parameters.StopTokenIds).Distinct()]
            : [];
        _random = new DeterministicRandom(parameters.Seed is { } seed ? (ulong)seed : (ulong)Random.Shared.NextInt64());
    }

    /// <summary>Log-probabilities of the last sampled token (null unless the request asked for logprobs).</summary>
    public SampledLogprobs? LastLogprobs { get; private set; }

    public int Sample(ReadOnlySpan<float> logits)
    {
        var count = Math.Min(_allowedVocabulary, logits.Length);
        var workspace = SamplingWorkspace.For(count);
        ReadOnlySpan<float> scores = logits[..count];
        if (ChangesScores())
        {
            // Only a sampler that changes scores pays for a copy of them.
            var own = workspace.Scores.AsSpan(0, count);
            scores.CopyTo(own);
            ApplyBiasAndPenalties(own);
            if (_generated < _parameters.MinTokens)
            {
                foreach (var id in _heldOffUntilMinTokens)
                {
                    if ((uint)id < (uint)count)
                    {
                        own[id] = float.NegativeInfinity;
                    }
                }
            }

            scores = own;
        }

        var token = _parameters.Temperature <= 0f || _parameters.TopK == 1
            ? TensorPrimitives.IndexOfMax(scores)
            : _parameters.TopK > 1 && _parameters.TopK < count
                ? DrawTopK(scores, _parameters.TopK, workspace)
                : Draw(scores, workspace);
        if (_parameters.Logprobs)
        {
            LastLogprobs = SampledLogprobs.Of(logits[..count], token, _parameters.TopLogprobs, workspace.Probabilities);
        }

        _generated++;
        _seen.Add(token);
        _generatedCounts[token] = _generatedCounts.GetValueOrDefault(token) + 1;
        return token;
    }

    private bool ChangesScores() =>
        _parameters.LogitBias.Count > 0
        || (_parameters.RepetitionPenalty > 0f && _parameters.RepetitionPenalty != 1f)
        || _parameters.PresencePenalty != 0f || _parameters.FrequencyPenalty != 0f
        || (_generated < _parameters.MinTokens && _heldOffUntilMinTokens.Length > 0);

    private void ApplyBiasAndPenalties(Span<float> scores)
    {
        foreach (var (id, bias) in _parameters.LogitBias)
        {
            if ((uint)id < (uint)scores.Length)
            {
                scores[id] += bias;
            }
        }

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

    /// <summary>
    /// Top-k first: a small k selects its survivors in one pass and the rest runs over them alone; a large one masks the
    /// rest of the vocabulary (in the workspace's copy) and goes the full-vocabulary way.
    /// </summary>
    private int DrawTopK(ReadOnlySpan<float> scores, int k, SamplingWorkspace workspace)
    {
        if (k > TopKSelection.MaxSurvivors)
        {
            var own = workspace.Scores.AsSpan(0, scores.Length);
            scores.CopyTo(own);
            TokenSelection.KeepTopK(own, k, workspace.Indices);
            return Draw(own, workspace);
        }

        var ids = workspace.SurvivorIds.AsSpan(0, k);
        var values = workspace.SurvivorScores.AsSpan(0, k);
        TopKSelection.Select(scores, k, ids, values);
        var chosen = TopKSelection.Draw(values, _parameters.Temperature, _parameters.TopP, workspace.SurvivorProbabilities, _random.NextDouble());
        return chosen < 0 ? TensorPrimitives.IndexOfMax(scores) : ids[chosen];
    }

    /// <summary>Temperature, then top-p, then the draw, over the whole vocabulary.</summary>
    private int Draw(ReadOnlySpan<float> scores, SamplingWorkspace workspace)
    {
        var probabilities = workspace.Probabilities.AsSpan(0, scores.Length);
        if (!float.IsFinite(TokenSelection.Exponentiate(scores, _parameters.Temperature, probabilities)))
        {
            return TensorPrimitives.IndexOfMax(scores);
        }

        return _parameters.TopP < 1f
            ? TokenSelection.DrawFromNucleus(probabilities, TokenSelection.CutTopP(probabilities, _parameters.TopP, workspace), workspace, _random.NextDouble())
            : TokenSelection.Draw(probabilities, TensorPrimitives.Sum(probabilities), _random.NextDouble());
    }
}
