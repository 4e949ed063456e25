namespace Platform.Inference.Graphs;

/// <summary>
/// Symmetric block quantisation of a Hugging Face [N, K] linear weight (output rows, input columns) into the inputs
/// of <c>com.microsoft.MatMulNBits</c>, per ONNX Runtime's contrib-operator specification: B is uint8
/// [N, k_blocks, block_size * bits / 8] with codes packed low bits first along K, scales are fp32 [N, k_blocks], and with
/// no zero_points input the zero point is 2^(bits-1), so a weight dequantises as (code - 2^(bits-1)) * scale.
/// A last partial block is padded with the zero point's code (a weight of 0).
/// </summary>
internal static class BlockQuantizer
{
    public static QuantizedWeight Quantize(ReadOnlySpan<float> weight, int n, int k, WeightQuantization settings)
    {
        if (weight.Length != (long)n * k)
        {
            throw new ArgumentException($"A [{n}, {k}] weight has {(long)n * k} values, not {weight.Length}.", nameof(weight));
        }

        var bits = settings.Bits;
        var blockSize = settings.BlockSize;
        var blocks = (k + blockSize - 1) / blockSize;
        var blobBytes = blockSize * bits / 8;
        var zeroPoint = 1 << (bits - 1);
        var maxCode = (1 << bits) - 1;
        // The largest magnitude maps to ±(2^(bits-1) - 1), so the range stays symmetric and -0 rounds to the zero point.
        var levels = zeroPoint - 1;
        var packed = new byte[(long)n * blocks * blobBytes];
        var scales = new float[n * blocks];
        Span<int> codes = stackalloc int[blockSize];
        for (var row = 0; row < n; row++)
        {
            var values = weight.Slice(row * k, k);
            for (var block = 0; block < blocks; block++)
            {
                var start = block * blockSize;
                var length = Math.Min(blockSize, k - start);
                var slice = values.Slice(start, length);
                var absMax = 0f;
                foreach (var value in slice)
                {
                    absMax = Math.Max(absMax, Math.Abs(value));
                }

                var scale = absMax > 0f ? absMax / levels : 1f;
                scales[(row * blocks) + block] = scale;
                var inverse = 1f / scale;
                for (var i = 0; i < blockSize; i++)
                {
                    codes[i] = i < length
                        ? Math.Clamp((int)MathF.Round(slice[i] * inverse, MidpointRounding.ToEven) + zeroPoint, 0, maxCode)
                        : zeroPoint;
                }

                var blob = packed.AsSpan((int)((((long)row * blocks) + block) * blobBytes), blobBytes);
                Pack(codes, bits, blob);
            }
        }

        return new QuantizedWeight(packed, scales, n, k, blocks, blobBytes, settings);
    }

    /// <summary>The fp32 weight the operator computes with: (code - zero point) * scale, as [N, K].</summary>
    public static float[] Dequantize(QuantizedWeight weight)
    {
        var bits = weight.Settings.Bits;
        var blockSize = weight.Settings.BlockSize;
        var zeroPoint = 1 << (bits - 1);
        var result = new float[(long)weight.N * weight.K];
        for (var row = 0; row < weight.N; row++)
        {
            for (var column = 0; column < weight.K; column++)
            {
                var block = column / blockSize;
                var index = column % blockSize;
                var blob = (((long)row * weight.Blocks) + block) * weight.BlobBytes;
                int code = bits == 8
                    ? weight.Packed[blob + index]
                    : (weight.Packed[blob + (index / 2)] >> (4 * (index % 2))) & 0xF;
                result[((long)row * weight.K) + column] = (code - zeroPoint) * weight.Scales[(row * weight.Blocks) + block];
            }
        }

        return result;
    }

    private static void Pack(ReadOnlySpan<int> codes, int bits, Span<byte> blob)
    {
        if (bits == 8)
        {
            for (var i = 0; i < codes.Length; i++)
            {
                blob[i] = (byte)codes[i];
            }

            return;
        }

        for (var i = 0; i < blob.Length; i++)
        {
            blob[i] = (byte)(codes[2 * i] | (codes[(2 * i) + 1] << 4));
        }
    }
}

/// <summary>The MatMulNBits inputs of one linear weight: packed codes [N, Blocks, BlobBytes] and scales [N, Blocks].</summary>
internal sealed record QuantizedWeight(byte[] Packed, float[] Scales, int N, int K, int Blocks, int BlobBytes, WeightQuantization Settings);
