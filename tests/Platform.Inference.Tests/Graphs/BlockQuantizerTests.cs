using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Graphs;

namespace Platform.Inference.Tests.Graphs;

/// <summary>
/// The importer's own MatMulNBits packing, run by ONNX Runtime's real kernel and checked against a matmul over the
/// weights dequantised in C#. Tolerance: 1e-4 of the output's magnitude with fp32 compute (accuracy_level 0, only
/// summation order differs); 2 % with accuracy_level 4, where the kernel also quantises activations to int8 per block.
/// </summary>
public sealed class BlockQuantizerTests
{
    [Theory]
    [InlineData(4, 32, 0, 1e-4f)]
    [InlineData(8, 32, 0, 1e-4f)]
    [InlineData(4, 16, 0, 1e-4f)]
    [InlineData(4, 32, 4, 2e-2f)]
    [InlineData(8, 64, 4, 2e-2f)]
    public void Onnx_runtime_matmul_nbits_matches_a_matmul_over_the_dequantised_weight(int bits, int blockSize, int accuracyLevel, float tolerance)
    {
        // K = 200 leaves a partial last block for every block size; M = 3 rows like a short prefill.
        const int m = 3, k = 200, n = 48;
        var settings = new WeightQuantization(bits, blockSize, accuracyLevel);
        var weight = Random(n * k, seed: 1, scale: 0.5f);
        var input = Random(m * k, seed: 2, scale: 1f);
        var quantized = BlockQuantizer.Quantize(weight, n, k, settings);

        var actual = RunMatMulNBits(input, m, quantized);

        var dequantised = BlockQuantizer.Dequantize(quantized);
        var expected = new float[m * n];
        for (var row = 0; row < m; row++)
        {
            for (var column = 0; column < n; column++)
            {
                double sum = 0;
                for (var i = 0; i < k; i++)
                {
                    sum += (double)input[(row * k) + i] * dequantised[(column * k) + i];
                }

                expected[(row * n) + column] = (float)sum;
            }
        }

        var magnitude = expected.Max(MathF.Abs);
        LogitAssert.Close(expected, actual, tolerance * magnitude, $"int{bits}, block {blockSize}, accuracy_level {accuracyLevel}");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public void Each_dequantised_weight_is_within_half_a_step_of_the_original(int bits)
    {
        const int n = 5, k = 70;
        var weight = Random(n * k, seed: 3, scale: 2f);
        weight[13] = 0f;
        var quantized = BlockQuantizer.Quantize(weight, n, k, new WeightQuantization(bits, 32));

        var dequantised = BlockQuantizer.Dequantize(quantized);

        Assert.Equal([n, 3, 32 * bits / 8], new[] { quantized.N, quantized.Blocks, quantized.BlobBytes });
        for (var i = 0; i < weight.Length; i++)
        {
            var step = quantized.Scales[((i / k) * quantized.Blocks) + ((i % k) / 32)];
            Assert.True(MathF.Abs(weight[i] - dequantised[i]) <= (step / 2) + 1e-6f, $"weight {i}: {weight[i]} became {dequantised[i]} (step {step}).");
        }

        Assert.Equal(0f, dequantised[13]);
    }

    [Fact]
    public void Four_bit_codes_pack_low_nibble_first_around_the_zero_point_eight()
    {
        // One block of 16: the largest magnitude maps to ±7 steps; code = value / scale + 8.
        float[] weight = [7f, -7f, 1f, 0f, 2f, 3f, 4f, 5f, 6f, -1f, -2f, -3f, -4f, -5f, -6f, 0.4f];

        var quantized = BlockQuantizer.Quantize(weight, 1, 16, new WeightQuantization(4, 16));

        Assert.Equal(1f, quantized.Scales[0]);
        Assert.Equal((byte)(15 | (1 << 4)), quantized.Packed[0]);
        Assert.Equal((byte)(9 | (8 << 4)), quantized.Packed[1]);
        Assert.Equal((byte)(2 | (8 << 4)), quantized.Packed[7]);
    }

    private static float[] RunMatMulNBits(float[] input, int m, QuantizedWeight weight)
    {
        var graph = new OnnxGraphBuilder("matmul_nbits", 21);
        graph.ImportOpset("com.microsoft", 1);
        graph.AddInput("A", OnnxDataType.Float, m, weight.K);
        graph.AddOutput("Y", OnnxDataType.Float, m, weight.N);
        graph.RawInitializer("B", OnnxDataType.UInt8, weight.Packed, weight.N, weight.Blocks, weight.BlobBytes);
        graph.RawInitializer("scales", OnnxDataType.Float, OnnxGraphBuilder.FloatBytes(weight.Scales), weight.N, weight.Blocks);
        graph.DomainNode("com.microsoft", "MatMulNBits", ["A", "B", "scales"], ["Y"],
            OnnxAttribute.Int("K", weight.K), OnnxAttribute.Int("N", weight.N), OnnxAttribute.Int("bits", weight.Settings.Bits),
            OnnxAttribute.Int("block_size", weight.Settings.BlockSize), OnnxAttribute.Int("accuracy_level", weight.Settings.AccuracyLevel));
        using var model = new MemoryStream();
        graph.WriteModel(model, "test");

        using var session = new InferenceSession(model.ToArray());
        using var a = OrtValue.CreateTensorValueFromMemory(input, [m, weight.K]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["A"], [a], ["Y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static float[] Random(int count, int seed, float scale)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => ((float)random.NextDouble() * 2f - 1f) * scale)];
    }
}
