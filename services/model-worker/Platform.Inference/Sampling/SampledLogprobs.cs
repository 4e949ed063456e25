using System.Numerics.Tensors;

namespace Platform.Inference.Sampling;

/// <summary>
/// The model's log-probability of a sampled token and of the most likely tokens at that position, from the raw logits
/// (before penalties, bias and temperature), as OpenAI and vLLM report them.
/// </summary>
internal sealed record SampledLogprobs(int TokenId, float Logprob, IReadOnlyList<(int TokenId, float Logprob)> Top)
{
    /// <param name="scratch">At least as long as <paramref name="logits"/>; overwritten.</param>
    public static SampledLogprobs Of(ReadOnlySpan<float> logits, int token, int topCount, float[] scratch)
    {
        var max = TensorPrimitives.Max(logits);
        var shifted = scratch.AsSpan(0, logits.Length);
        TensorPrimitives.Subtract(logits, max, shifted);
        TensorPrimitives.Exp(shifted, shifted);
        var logNormalizer = max + (float)Math.Log(TensorPrimitives.Sum(shifted));
        var topIds = topCount <= 0 ? [] : TopIds(logits, topCount);
        var top = new (int, float)[topIds.Length];
        for (var i = 0; i < top.Length; i++)
        {
            top[i] = (topIds[i], logits[topIds[i]] - logNormalizer);
        }

        return new SampledLogprobs(token, logits[token] - logNormalizer, top);
    }

    /// <summary>The <paramref name="count"/> highest logits' ids, best first (ties by lower id), by insertion into a short list.</summary>
    private static int[] TopIds(ReadOnlySpan<float> logits, int count)
    {
        count = Math.Min(count, logits.Length);
        var best = new int[count];
        var filled = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            if (filled == count && logits[i] <= logits[best[filled - 1]])
            {
                continue;
            }

            var position = filled < count ? filled++ : count - 1;
            while (position > 0 && logits[best[position - 1]] < logits[i])
            {
                best[position] = best[position - 1];
                position--;
            }

            best[position] = i;
        }

        return best;
    }
}
