using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Platform.Inference.Sampling;

/// <summary>
/// Top-k as a selection of survivors: one pass over the vocabulary keeps the k best (score desc, id asc) in a heap, and
/// temperature, top-p and the draw then run over those k alone. Most of the pass compares eight scores at once with the
/// heap's worst and moves on, since past the first few thousand ids a score rarely beats it.
/// </summary>
internal static class TopKSelection
{
    /// <summary>Above this k the survivors' heap and sort would cost more than the full-vocabulary path.</summary>
    public const int MaxSurvivors = 1024;

    /// <summary>
    /// Writes the <paramref name="k"/> highest scores' ids into <paramref name="ids"/> and their scores into
    /// <paramref name="values"/>, best first, ties by lower id.
    /// </summary>
    public static void Select(ReadOnlySpan<float> scores, int k, Span<int> ids, Span<float> values)
    {
        ids = ids[..k];
        values = values[..k];
        for (var i = 0; i < k; i++)
        {
            ids[i] = i;
            values[i] = scores[i];
        }

        for (var i = (k / 2) - 1; i >= 0; i--)
        {
            SiftDown(ids, values, i, k);
        }

        var next = k;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; next + Vector256<float>.Count <= scores.Length; next += Vector256<float>.Count)
            {
                // The heap's root is its worst survivor: a score equal to it ranks after it (higher id), so only > enters.
                var chunk = Vector256.Create(scores.Slice(next, Vector256<float>.Count));
                if (Vector256.GreaterThanAny(chunk, Vector256.Create(values[0])))
                {
                    for (var j = 0; j < Vector256<float>.Count; j++)
                    {
                        Offer(scores, next + j, ids, values);
                    }
                }
            }
        }

        for (; next < scores.Length; next++)
        {
            Offer(scores, next, ids, values);
        }

        // Heap sort: moving the worst to the end each time leaves the survivors best first.
        for (var end = k - 1; end > 0; end--)
        {
            (ids[0], ids[end]) = (ids[end], ids[0]);
            (values[0], values[end]) = (values[end], values[0]);
            SiftDown(ids, values, 0, end);
        }
    }

    /// <summary>
    /// Temperature over the ranked survivors, the top-p cut (the shortest prefix reaching <paramref name="topP"/> of the
    /// mass), and a draw from that prefix. Returns an index into <paramref name="ids"/>, or -1 when no survivor is finite.
    /// </summary>
    public static int Draw(ReadOnlySpan<float> values, float temperature, double topP, Span<float> probabilities, double uniform)
    {
        var best = values[0];
        if (!float.IsFinite(best))
        {
            return -1;
        }

        probabilities = probabilities[..values.Length];
        var inverse = 1f / temperature;
        TokenSelection.ScaleAndShift(values, inverse, -best * inverse, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        var total = 0.0;
        foreach (var p in probabilities)
        {
            total += p;
        }

        var target = topP * total;
        var kept = 0;
        var keptMass = 0.0;
        while (kept < probabilities.Length && (kept == 0 || keptMass < target))
        {
            keptMass += probabilities[kept++];
        }

        var remaining = uniform * keptMass;
        var last = 0;
        for (var i = 0; i < kept; i++)
        {
            if (probabilities[i] > 0f)
            {
                last = i;
                remaining -= probabilities[i];
                if (remaining < 0)
                {
                    return i;
                }
            }
        }

        return last;
    }

    private static void Offer(ReadOnlySpan<float> scores, int id, Span<int> ids, Span<float> values)
    {
        if (scores[id] > values[0])
        {
            ids[0] = id;
            values[0] = scores[id];
            SiftDown(ids, values, 0, ids.Length);
        }
    }

    /// <summary>Restores the min-heap (worst survivor at the root: lowest score, then highest id) below <paramref name="at"/>.</summary>
    private static void SiftDown(Span<int> ids, Span<float> values, int at, int count)
    {
        while (true)
        {
            var worst = at;
            var left = (2 * at) + 1;
            if (left < count && RanksAfter(values[left], ids[left], values[worst], ids[worst]))
            {
                worst = left;
            }

            if (left + 1 < count && RanksAfter(values[left + 1], ids[left + 1], values[worst], ids[worst]))
            {
                worst = left + 1;
            }

            if (worst == at)
            {
                return;
            }

            (ids[at], ids[worst]) = (ids[worst], ids[at]);
            (values[at], values[worst]) = (values[worst], values[at]);
            at = worst;
        }
    }

    private static bool RanksAfter(float score, int id, float otherScore, int otherId) =>
        score < otherScore || (score == otherScore && id > otherId);
}
