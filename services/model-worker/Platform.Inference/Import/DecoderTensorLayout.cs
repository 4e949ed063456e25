using Platform.Inference.Graphs;

namespace Platform.Inference.Import;

/// <summary>
/// The Hugging Face tensor names and shapes a Llama/Qwen2 decoder of a given architecture must have, and the
/// loading of those tensors from a checkpoint into <see cref="DecoderWeights"/> with clear errors when one is
/// missing or has the wrong shape. Extra tensors (rotary inv_freq buffers, a tied lm_head) are ignored.
/// </summary>
internal static class DecoderTensorLayout
{
    public static IReadOnlyList<(string Name, long[] Shape)> Expected(DecoderArchitecture arch)
    {
        var h = arch.HiddenSize;
        var q = arch.NumAttentionHeads * arch.HeadSize;
        var kv = arch.NumKeyValueHeads * arch.HeadSize;
        var i = arch.IntermediateSize;
        var tensors = new List<(string, long[])> { ("model.embed_tokens.weight", [arch.VocabSize, h]) };
        for (var layer = 0; layer < arch.NumHiddenLayers; layer++)
        {
            tensors.Add((DecoderWeights.Layer(layer, "input_layernorm.weight"), [h]));
            tensors.Add((DecoderWeights.Layer(layer, "self_attn.q_proj.weight"), [q, h]));
            tensors.Add((DecoderWeights.Layer(layer, "self_attn.k_proj.weight"), [kv, h]));
            tensors.Add((DecoderWeights.Layer(layer, "self_attn.v_proj.weight"), [kv, h]));
            if (arch.AttentionBias)
            {
                tensors.Add((DecoderWeights.Layer(layer, "self_attn.q_proj.bias"), [q]));
                tensors.Add((DecoderWeights.Layer(layer, "self_attn.k_proj.bias"), [kv]));
                tensors.Add((DecoderWeights.Layer(layer, "self_attn.v_proj.bias"), [kv]));
            }

            tensors.Add((DecoderWeights.Layer(layer, "self_attn.o_proj.weight"), [h, q]));
            tensors.Add((DecoderWeights.Layer(layer, "post_attention_layernorm.weight"), [h]));
            tensors.Add((DecoderWeights.Layer(layer, "mlp.gate_proj.weight"), [i, h]));
            tensors.Add((DecoderWeights.Layer(layer, "mlp.up_proj.weight"), [i, h]));
            tensors.Add((DecoderWeights.Layer(layer, "mlp.down_proj.weight"), [h, i]));
        }

        tensors.Add(("model.norm.weight", [h]));
        if (!arch.TieWordEmbeddings)
        {
            tensors.Add(("lm_head.weight", [arch.VocabSize, h]));
        }

        return tensors;
    }

    /// <summary>Checks every expected tensor is present with its shape before any weight is read.</summary>
    public static void Validate(SafetensorsCheckpoint checkpoint, DecoderArchitecture arch)
    {
        var missing = Expected(arch).Where(t => !checkpoint.Contains(t.Name)).Select(t => t.Name).ToList();
        if (missing.Count > 0)
        {
            var hint = !arch.TieWordEmbeddings && missing.SequenceEqual(["lm_head.weight"])
                ? " (config.json says tie_word_embeddings = false)"
                : "";
            throw new InvalidDataException(
                $"The checkpoint lacks {missing.Count} tensor(s) the architecture needs{hint}: {string.Join(", ", missing.Take(8))}{(missing.Count > 8 ? ", ..." : "")}.");
        }

        foreach (var (name, shape) in Expected(arch))
        {
            var actual = checkpoint.Info(name).Shape;
            if (!actual.SequenceEqual(shape))
            {
                throw new InvalidDataException(
                    $"Tensor '{name}' has shape [{string.Join(", ", actual)}] but config.json implies [{string.Join(", ", shape)}].");
            }
        }
    }

    /// <summary>Reads every expected tensor as float32 (the fp32 CPU graph needs them all in memory at once).</summary>
    public static DecoderWeights Load(SafetensorsCheckpoint checkpoint, DecoderArchitecture arch)
    {
        Validate(checkpoint, arch);
        var tensors = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        foreach (var (name, shape) in Expected(arch))
        {
            tensors.Add(name, new WeightTensor(checkpoint.ReadFloat32(name), [.. shape.Select(d => (int)d)]));
        }

        return new DecoderWeights(tensors);
    }

    /// <summary>
    /// The checkpoint's tensors as fp32, each read from the (memory-mapped) checkpoint when the graph builder asks for it,
    /// after checking every expected tensor is there with its shape.
    /// </summary>
    public static DecoderWeights OnDemand(SafetensorsCheckpoint checkpoint, DecoderArchitecture arch)
    {
        Validate(checkpoint, arch);
        var shapes = Expected(arch).ToDictionary(t => t.Name, t => t.Shape, StringComparer.Ordinal);
        return DecoderWeights.OnDemand(name => shapes.TryGetValue(name, out var shape)
            ? new WeightTensor(checkpoint.ReadFloat32(name), [.. shape.Select(d => (int)d)])
            : throw new KeyNotFoundException($"The architecture has no weight named '{name}'."));
    }
}
