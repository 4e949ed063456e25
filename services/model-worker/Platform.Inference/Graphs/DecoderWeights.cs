namespace Platform.Inference.Graphs;

/// <summary>
/// The weights of a Qwen2-architecture decoder, named and laid out as in a Hugging Face checkpoint
/// (<c>model.layers.{i}.self_attn.q_proj.weight</c> ...), so that imported checkpoints and generated
/// weights go through the same graph builder and the same reference forward pass.
/// </summary>
internal sealed class DecoderWeights(IReadOnlyDictionary<string, WeightTensor> tensors)
{
    public IReadOnlyDictionary<string, WeightTensor> Tensors { get; } = tensors;

    public WeightTensor this[string name] =>
        Tensors.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"No weight named '{name}'.");

    public static string Layer(int layer, string suffix) => $"model.layers.{layer}.{suffix}";
}
