using Platform.Inference.Graphs;
using Platform.Inference.Sampling;

namespace Platform.Inference.TinyModel;

/// <summary>The tiny model's weights, generated from its spec's seed so the same spec always gives the same model.</summary>
internal static class TinyModelWeights
{
    /// <summary>
    /// Deterministic random weights: each tensor's values come from a generator seeded by the spec's seed and the
    /// tensor's name, with scales that keep activations of order one so logits are neither flat nor saturated.
    /// </summary>
    public static DecoderWeights Create(TinyModelSpec spec)
    {
        spec.Validate();
        var h = spec.HiddenSize;
        var d = spec.HeadSize;
        var qSize = spec.NumAttentionHeads * d;
        var kvSize = spec.NumKeyValueHeads * d;
        var tensors = new Dictionary<string, WeightTensor>();

        void Add(string name, float scale, float offset, params int[] shape)
        {
            var count = shape.Aggregate(1, (a, b) => a * b);
            var random = new DeterministicRandom(spec.Seed ^ DeterministicRandom.Hash(name));
            var data = new float[count];
            for (var i = 0; i < count; i++)
            {
                data[i] = offset + random.NextSymmetric(scale);
            }

            tensors.Add(name, new WeightTensor(data, shape));
        }

        // Uniform on [-a, a] has standard deviation a / sqrt(3): a = sqrt(3 / fanIn) gives 1 / sqrt(fanIn).
        float Linear(int fanIn) => MathF.Sqrt(3f / fanIn);

        Add("model.embed_tokens.weight", 1f, 0f, spec.VocabSize, h);
        for (var layer = 0; layer < spec.NumHiddenLayers; layer++)
        {
            Add(DecoderWeights.Layer(layer, "input_layernorm.weight"), 0.1f, 1f, h);
            Add(DecoderWeights.Layer(layer, "self_attn.q_proj.weight"), Linear(h), 0f, qSize, h);
            Add(DecoderWeights.Layer(layer, "self_attn.q_proj.bias"), 0.1f, 0f, qSize);
            Add(DecoderWeights.Layer(layer, "self_attn.k_proj.weight"), Linear(h), 0f, kvSize, h);
            Add(DecoderWeights.Layer(layer, "self_attn.k_proj.bias"), 0.1f, 0f, kvSize);
            Add(DecoderWeights.Layer(layer, "self_attn.v_proj.weight"), Linear(h), 0f, kvSize, h);
            Add(DecoderWeights.Layer(layer, "self_attn.v_proj.bias"), 0.1f, 0f, kvSize);
            Add(DecoderWeights.Layer(layer, "self_attn.o_proj.weight"), Linear(qSize), 0f, h, qSize);
            Add(DecoderWeights.Layer(layer, "post_attention_layernorm.weight"), 0.1f, 1f, h);
            Add(DecoderWeights.Layer(layer, "mlp.gate_proj.weight"), Linear(h), 0f, spec.IntermediateSize, h);
            Add(DecoderWeights.Layer(layer, "mlp.up_proj.weight"), Linear(h), 0f, spec.IntermediateSize, h);
            Add(DecoderWeights.Layer(layer, "mlp.down_proj.weight"), Linear(spec.IntermediateSize), 0f, h, spec.IntermediateSize);
        }

        Add("model.norm.weight", 0.1f, 1f, h);
        // A larger output scale gives peaked next-token distributions, closer to a trained model's.
        Add("lm_head.weight", 3f * Linear(h), 0f, spec.VocabSize, h);
        return new DecoderWeights(tensors);
    }
}
