using Platform.Inference.Graphs;

namespace Platform.Inference.Tests.Graphs;

/// <summary>
/// A plain C# forward pass of a Llama/Qwen2 decoder over Hugging Face-layout weights, written independently of the
/// ONNX graph builder (double accumulation, rotary angles computed on the fly), to check graphs against.
/// </summary>
internal sealed class ReferenceDecoder(DecoderArchitecture arch, DecoderWeights weights, RopeReference? rope = null)
{
    /// <summary>Logits at every position of <paramref name="tokens"/> (positions 0..n-1, causal attention).</summary>
    public float[][] Forward(IReadOnlyList<int> tokens)
    {
        var n = tokens.Count;
        var h = arch.HiddenSize;
        var embedding = weights["model.embed_tokens.weight"].Data;
        var x = new double[n][];
        for (var t = 0; t < n; t++)
        {
            x[t] = new double[h];
            for (var i = 0; i < h; i++)
            {
                x[t][i] = embedding[(tokens[t] * h) + i];
            }
        }

        for (var layer = 0; layer < arch.NumHiddenLayers; layer++)
        {
            var attention = Attention(layer, x.Select(row => RmsNorm(row, Layer(layer, "input_layernorm.weight"))).ToArray());
            for (var t = 0; t < n; t++)
            {
                Accumulate(x[t], attention[t]);
            }

            for (var t = 0; t < n; t++)
            {
                Accumulate(x[t], Mlp(layer, RmsNorm(x[t], Layer(layer, "post_attention_layernorm.weight"))));
            }
        }

        var head = weights[arch.TieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight"];
        return [.. x.Select(row => Linear(RmsNorm(row, "model.norm.weight"), head, null).Select(v => (float)v).ToArray())];
    }

    private double[][] Attention(int layer, double[][] input)
    {
        var n = input.Length;
        var d = arch.HeadSize;
        var group = arch.NumAttentionHeads / arch.NumKeyValueHeads;
        var q = input.Select((row, t) => Rope(Project(layer, "q_proj", row), t, arch.NumAttentionHeads)).ToArray();
        var k = input.Select((row, t) => Rope(Project(layer, "k_proj", row), t, arch.NumKeyValueHeads)).ToArray();
        var v = input.Select(row => Project(layer, "v_proj", row)).ToArray();
        var output = new double[n][];
        for (var t = 0; t < n; t++)
        {
            var context = new double[arch.NumAttentionHeads * d];
            for (var head = 0; head < arch.NumAttentionHeads; head++)
            {
                var kvHead = head / group;
                var scores = new double[t + 1];
                for (var j = 0; j <= t; j++)
                {
                    var dot = 0.0;
                    for (var i = 0; i < d; i++)
                    {
                        dot += q[t][(head * d) + i] * k[j][(kvHead * d) + i];
                    }

                    scores[j] = dot / Math.Sqrt(d);
                }

                var max = scores.Max();
                var weightsSum = scores.Sum(s => Math.Exp(s - max));
                for (var j = 0; j <= t; j++)
                {
                    var p = Math.Exp(scores[j] - max) / weightsSum;
                    for (var i = 0; i < d; i++)
                    {
                        context[(head * d) + i] += p * v[j][(kvHead * d) + i];
                    }
                }
            }

            output[t] = Linear(context, weights[Layer(layer, "self_attn.o_proj.weight")], null);
        }

        return output;
    }

    private double[] Project(int layer, string projection, double[] input)
    {
        var bias = arch.AttentionBias ? weights[Layer(layer, $"self_attn.{projection}.bias")] : null;
        return Linear(input, weights[Layer(layer, $"self_attn.{projection}.weight")], bias);
    }

    /// <summary>Rotates each head's halves (x1, x2) by angle position·θ^(-2i/d): (x1 cos − x2 sin, x2 cos + x1 sin).</summary>
    private double[] Rope(double[] vector, int position, int heads)
    {
        var d = arch.HeadSize;
        var half = d / 2;
        var result = new double[vector.Length];
        for (var head = 0; head < heads; head++)
        {
            for (var i = 0; i < half; i++)
            {
                var angle = rope is null ? position / Math.Pow(arch.RopeTheta, 2.0 * i / d) : position * rope.Frequency(i, position);
                var magnitude = rope?.Magnitude ?? 1;
                var (x1, x2) = (vector[(head * d) + i], vector[(head * d) + i + half]);
                result[(head * d) + i] = ((x1 * Math.Cos(angle)) - (x2 * Math.Sin(angle))) * magnitude;
                result[(head * d) + i + half] = ((x2 * Math.Cos(angle)) + (x1 * Math.Sin(angle))) * magnitude;
            }
        }

        return result;
    }

    private double[] Mlp(int layer, double[] input)
    {
        var gate = Linear(input, weights[Layer(layer, "mlp.gate_proj.weight")], null);
        var up = Linear(input, weights[Layer(layer, "mlp.up_proj.weight")], null);
        var product = gate.Select((g, i) => g / (1 + Math.Exp(-g)) * up[i]).ToArray();
        return Linear(product, weights[Layer(layer, "mlp.down_proj.weight")], null);
    }

    private double[] RmsNorm(double[] input, string weightName)
    {
        var weight = weights[weightName].Data;
        var rms = Math.Sqrt(input.Sum(v => v * v) / input.Length + arch.RmsNormEps);
        return [.. input.Select((v, i) => v / rms * weight[i])];
    }

    /// <summary>y = W x + b with W in [out, in] layout.</summary>
    private static double[] Linear(double[] input, WeightTensor weight, WeightTensor? bias)
    {
        var (outputs, inputs) = (weight.Shape[0], weight.Shape[1]);
        var result = new double[outputs];
        for (var o = 0; o < outputs; o++)
        {
            var sum = bias?.Data[o] ?? 0.0;
            for (var i = 0; i < inputs; i++)
            {
                sum += weight.Data[(o * inputs) + i] * input[i];
            }

            result[o] = sum;
        }

        return result;
    }

    private static void Accumulate(double[] target, double[] addend)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += addend[i];
        }
    }

    private static string Layer(int layer, string suffix) => $"model.layers.{layer}.{suffix}";
}
