using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Platform.Inference.Sampling;

/// <summary>
/// Top-k, top-p and the draw over a whole vocabulary without sorting it. Tokens rank by score (or probability),
/// highest first, ties by lower id; top-k and top-p each keep a prefix of that ranking, found by selection (top-k)
/// and by bucketing probabilities on their floating-point exponent so only the bucket the cut falls in is sorted
/// (top-p). The draw then walks the kept tokens in id order, which needs no ranking at all.
/// </summary>
internal static class TokenSelection
{
    /// <summary>Sets every score ranked below the <paramref name="k"/>-th to negative infinity.</summary>
    public static void KeepTopK(Span<float> scores, int k, int[] indexBuffer)
    {
        var indices = indexBuffer.AsSpan(0, scores.Length);
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = i;
        }

        // Quickselect on (score desc, id asc): a strict order, so no pivot ties to degrade on.
        var left = 0;
        var right = indices.Length - 1;
        var target = k - 1;
        while (left < right)
        {
            var pivot = indices[left + ((right - left) >> 1)];
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (RanksBefore(scores, indices[i], pivot)) i++;
                while (RanksBefore(scores, pivot, indices[j])) j--;
                if (i <= j)
                {
                    (indices[i], indices[j]) = (indices[j], indices[i]);
                    i++;
                    j--;
                }
            }

            if (target <= j) right = j;
            else if (target >= i) left = i;
            else break;
        }

        foreach (var dropped in indices[k..])
        {
            scores[dropped] = float.NegativeInfinity;
        }
    }

    /// <summary>
    /// Writes exp((score - max) / temperature) into <paramref name="probabilities"/> (vectorised) and returns the max
    /// (not finite when every score is negative infinity).
    /// </summary>
    public static float Exponentiate(ReadOnlySpan<float> scores, float temperature, Span<float> probabilities)
    {
        var max = TensorPrimitives.Max(scores);
        TensorPrimitives.Subtract(scores, max, probabilities);
        TensorPrimitives.Multiply(probabilities, 1f / temperature, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        return max;
    }

    /// <summary>
    /// The last token of the shortest ranking prefix whose mass reaches <paramref name="topP"/> of the total, that
    /// prefix's mass, and the bucket the cut fell in (each token's bucket is left in the workspace for the draw).
    /// The most likely token has probability 1 (scores were shifted by the max), so the bit pattern of a probability
    /// below 1.0 gives its bucket with a few vectorised integer operations; only the scatter of masses is scalar.
    /// </summary>
    public static TopPCut CutTopP(ReadOnlySpan<float> probabilities, double topP, SamplingWorkspace workspace)
    {
        var buckets = workspace.Buckets.AsSpan(0, probabilities.Length);
        TensorPrimitives.Subtract(OneBits, MemoryMarshal.Cast<float, int>(probabilities), buckets);
        TensorPrimitives.ShiftRightArithmetic(buckets, 23 - SamplingWorkspace.BucketsPerOctaveBits, buckets);
        // Vectorised exp may round the best token's exp(0) a hair above 1; zeros land in the last bucket.
        TensorPrimitives.Max(buckets, 0, buckets);
        TensorPrimitives.Min(buckets, SamplingWorkspace.BucketCount - 1, buckets);

        var mass = workspace.BucketMass.AsSpan();
        mass.Clear();
        for (var i = 0; i < probabilities.Length; i++)
        {
            mass[buckets[i]] += probabilities[i];
        }

        var total = 0.0;
        foreach (var m in mass)
        {
            total += m;
        }

        var target = topP * total;
        var above = 0.0;
        var cutBucket = 0;
        while (cutBucket < mass.Length - 1 && above + mass[cutBucket] < target)
        {
            above += mass[cutBucket++];
        }

        // Only the bucket the cut falls in is searched, by a selection that weighs each side's mass.
        var members = workspace.Indices;
        var count = 0;
        for (var from = 0; from < buckets.Length;)
        {
            var found = buckets[from..].IndexOf(cutBucket);
            if (found < 0)
            {
                break;
            }

            if (probabilities[from + found] > 0f)
            {
                members[count++] = from + found;
            }

            from += found + 1;
        }

        var (probability, id, kept) = count == 0
            ? (0f, probabilities.Length, total)
            : WeightedSelect(probabilities, members.AsSpan(0, count), above, target);
        return new TopPCut(probability, id, kept, cutBucket);
    }

    /// <summary>
    /// Draws a token of the nucleus with probability proportional to its weight: the bucket first (from the bucket
    /// masses), then within it in id order, so only one bucket's members are visited.
    /// </summary>
    public static int DrawFromNucleus(ReadOnlySpan<float> probabilities, TopPCut cut, SamplingWorkspace workspace, double uniform)
    {
        var remaining = uniform * cut.KeptMass;
        var mass = workspace.BucketMass;
        var bucket = 0;
        while (bucket < cut.Bucket && remaining >= mass[bucket])
        {
            remaining -= mass[bucket++];
        }

        var buckets = workspace.Buckets.AsSpan(0, probabilities.Length);
        var last = cut.Id;
        for (var from = 0; from < buckets.Length;)
        {
            var found = buckets[from..].IndexOf(bucket);
            if (found < 0)
            {
                break;
            }

            var id = from + found;
            var p = probabilities[id];
            if (p > 0f && (bucket < cut.Bucket || p > cut.Probability || (p == cut.Probability && id <= cut.Id)))
            {
                last = id;
                remaining -= p;
                if (remaining < 0)
                {
                    return id;
                }
            }

            from = id + 1;
        }

        return last;
    }

    /// <summary>
    /// Finds, among <paramref name="members"/>, the token at which the ranking's running mass (starting from
    /// <paramref name="above"/>) first reaches <paramref name="target"/>: quickselect that recurses into the side holding it.
    /// </summary>
    private static (float Probability, int Id, double Mass) WeightedSelect(
        ReadOnlySpan<float> probabilities, Span<int> members, double above, double target)
    {
        var lo = 0;
        var hi = members.Length - 1;
        while (true)
        {
            if (lo == hi)
            {
                var only = members[lo];
                return (probabilities[only], only, above + probabilities[only]);
            }

            // Lomuto partition: [lo, store) ranks before the pivot, then the pivot, then the rest.
            var middle = lo + ((hi - lo) >> 1);
            (members[middle], members[hi]) = (members[hi], members[middle]);
            var pivot = members[hi];
            var store = lo;
            var before = 0.0;
            for (var i = lo; i < hi; i++)
            {
                if (RanksBefore(probabilities, members[i], pivot))
                {
                    before += probabilities[members[i]];
                    (members[i], members[store]) = (members[store], members[i]);
                    store++;
                }
            }

            (members[store], members[hi]) = (members[hi], members[store]);
            if (store > lo && above + before >= target)
            {
                hi = store - 1;
            }
            else if (above + before + probabilities[pivot] >= target || store == hi)
            {
                return (probabilities[pivot], pivot, above + before + probabilities[pivot]);
            }
            else
            {
                above += before + probabilities[pivot];
                lo = store + 1;
            }
        }
    }

    /// <summary>Draws any token with probability proportional to its weight (no top-p), walking ids in order.</summary>
    public static int Draw(ReadOnlySpan<float> probabilities, double total, double uniform)
    {
        var remaining = uniform * total;
        var last = -1;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            if (p > 0f)
            {
                last = i;
                remaining -= p;
                if (remaining < 0)
                {
                    return i;
                }
            }
        }

        return last >= 0 ? last : TensorPrimitives.IndexOfMax(probabilities);
    }

    private const int OneBits = 0x3F800000;

    private static bool RanksBefore(ReadOnlySpan<float> scores, int a, int b) =>
        scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
}

/// <summary>Where top-p cut the ranking: its last kept token, the kept mass, and that token's probability bucket.</summary>
internal readonly record struct TopPCut(float Probability, int Id, double KeptMass, int Bucket);
