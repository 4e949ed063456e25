namespace Platform.Inference.Graphs;

/// <summary>
/// The weights of a Qwen2-architecture decoder, named and laid out as in a Hugging Face checkpoint
/// (<c>model.layers.{i}.self_attn.q_proj.weight</c> ...), so that imported checkpoints and generated
/// weights go through the same graph builder and the same reference forward pass. Either a table in memory
/// (generated weights) or a reader over a checkpoint that reads each tensor when the graph builder asks for it,
/// so an import holds one tensor at a time rather than the whole model.
/// </summary>
internal sealed class DecoderWeights
{
    private readonly IReadOnlyDictionary<string, WeightTensor>? _tensors;
    private readonly Func<string, WeightTensor> _read;

    public DecoderWeights(IReadOnlyDictionary<string, WeightTensor> tensors)
    {
        _tensors = tensors;
        _read = name => tensors.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"No weight named '{name}'.");
    }

    private DecoderWeights(Func<string, WeightTensor> read) => _read = read;

    /// <summary>Weights read on demand, each time they are asked for (the caller's reader is not cached).</summary>
    public static DecoderWeights OnDemand(Func<string, WeightTensor> read) => new(read);

    /// <summary>The in-memory table; weights read on demand have none.</summary>
    public IReadOnlyDictionary<string, WeightTensor> Tensors =>
        _tensors ?? throw new InvalidOperationException("Weights read on demand from a checkpoint have no in-memory table.");

    public WeightTensor this[string name] => _read(name);

    public static string Layer(int layer, string suffix) => $"model.layers.{layer}.{suffix}";
}
