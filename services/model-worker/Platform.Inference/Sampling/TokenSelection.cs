using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        var inverse = 1f / temperature;
        ScaleAndShift(scores, inverse, -max * inverse, probabilities);
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
        AssignBuckets(probabilities, buckets);
        var mass = workspace.BucketMass.AsSpan();
        Accumulate(probabilities, buckets, mass, workspace.SecondBucketMass);

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
        var count = CollectMembers(probabilities, buckets, cutBucket, members);
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

    /// <summary>
    /// x * multiplier + addend in one vectorised pass (TensorPrimitives has no overload taking two scalars): score / T -
    /// max / T, whose best token's exponent is 0 up to one rounding. Not fused, so every path rounds alike.
    /// </summary>
    public static void ScaleAndShift(ReadOnlySpan<float> x, float multiplier, float addend, Span<float> destination)
    {
        destination = destination[..x.Length];
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var scale = Vector256.Create(multiplier);
            var shift = Vector256.Create(addend);
            for (; i + Vector256<float>.Count <= x.Length; i += Vector256<float>.Count)
            {
                ((Vector256.Create(x.Slice(i, Vector256<float>.Count)) * scale) + shift).CopyTo(destination[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = (x[i] * multiplier) + addend;
        }
    }

    private const int OneBits = 0x3F800000;
    private const int BucketShift = 23 - SamplingWorkspace.BucketsPerOctaveBits;

    /// <summary>
    /// Each probability's bucket, from its bit pattern: (bits of 1.0 - bits of p) shifted down counts fractions of an
    /// octave below the best token. One vectorised pass; anything past the last bucket (zeros included) lands in it.
    /// </summary>
    private static void AssignBuckets(ReadOnlySpan<float> probabilities, Span<int> buckets)
    {
        var bits = MemoryMarshal.Cast<float, int>(probabilities);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(OneBits);
            var last = Vector256.Create(SamplingWorkspace.BucketCount - 1);
            for (; i + Vector256<int>.Count <= bits.Length; i += Vector256<int>.Count)
            {
                var bucket = Vector256.ShiftRightArithmetic(one - Vector256.Create(bits.Slice(i, Vector256<int>.Count)), BucketShift);
                Vector256.Min(Vector256.Max(bucket, Vector256<int>.Zero), last).CopyTo(buckets[i..]);
            }
        }

        for (; i < bits.Length; i++)
        {
            buckets[i] = Math.Clamp((OneBits - bits[i]) >> BucketShift, 0, SamplingWorkspace.BucketCount - 1);
        }
    }

    /// <summary>
    /// Each bucket's mass. Neighbouring tokens often share a bucket, so even and odd ids add into two tables: one chain
    /// of dependent read-add-writes would otherwise wait on the last store at every token.
    /// </summary>
    private static void Accumulate(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> buckets, Span<double> mass, double[] second)
    {
        mass.Clear();
        var odd = second.AsSpan(0, mass.Length);
        odd.Clear();
        // Buckets are in range (AssignBuckets clamps them), so the loop indexes without bounds checks.
        ref var even = ref MemoryMarshal.GetReference(mass);
        ref var oddMass = ref MemoryMarshal.GetReference(odd);
        ref var p = ref MemoryMarshal.GetReference(probabilities);
        ref var b = ref MemoryMarshal.GetReference(buckets);
        var i = 0;
        for (; i + 1 < probabilities.Length; i += 2)
        {
            Unsafe.Add(ref even, Unsafe.Add(ref b, i)) += Unsafe.Add(ref p, i);
            Unsafe.Add(ref oddMass, Unsafe.Add(ref b, i + 1)) += Unsafe.Add(ref p, i + 1);
        }

        if (i < probabilities.Length)
        {
            mass[buckets[i]] += probabilities[i];
        }

        TensorPrimitives.Add(mass, odd, mass);
    }

    /// <summary>The ids in <paramref name="bucket"/> with a probability above 0, in id order, eight buckets compared at once.</summary>
    private static int CollectMembers(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> buckets, int bucket, int[] members)
    {
        var count = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var wanted = Vector256.Create(bucket);
            for (; i + Vector256<int>.Count <= buckets.Length; i += Vector256<int>.Count)
            {
                var hits = Vector256.Equals(Vector256.Create(buckets.Slice(i, Vector256<int>.Count)), wanted).ExtractMostSignificantBits();
                while (hits != 0)
                {
                    var id = i + BitOperations.TrailingZeroCount(hits);
                    if (probabilities[id] > 0f)
                    {
                        members[count++] = id;
                    }

                    hits &= hits - 1;
                }
            }
        }

        for (; i < buckets.Length; i++)
        {
            if (buckets[i] == bucket && probabilities[i] > 0f)
            {
                members[count++] = i;
            }
        }

        return count;
    }

    private static bool RanksBefore(ReadOnlySpan<float> scores, int a, int b) =>
        scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
}

/// <summary>Where top-p cut the ranking: its last kept token, the kept mass, and that token's probability bucket.</summary>
internal readonly record struct TopPCut(float Probability, int Id, double KeptMass, int Bucket);
