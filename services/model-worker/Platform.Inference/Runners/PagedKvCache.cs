using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Platform.Inference.Graphs;

namespace Platform.Inference.Runners;

/// <summary>
/// The fp16 key and value caches of every layer, [num_blocks, block_size, kv_heads, head_size], allocated once from
/// an ORT allocator (device memory for the CUDA runner) and bound as both past_key_values.* and present.*, so the
/// PagedAttention kernel updates them in place and no step copies them. Freshly allocated memory may hold NaN bit
/// patterns; <see cref="Zero"/> clears it on the device with a one-node graph.
/// </summary>
internal sealed class PagedKvCache : IDisposable
{
    private readonly OrtValue[] _values;

    public PagedKvCache(OrtAllocator allocator, int layers, int numBlocks, int blockSize, int kvHeads, int headSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numBlocks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        Shape = [numBlocks, blockSize, kvHeads, headSize];
        Layers = layers;
        _values = new OrtValue[2 * layers];
        try
        {
            for (var i = 0; i < _values.Length; i++)
            {
                _values[i] = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float16, Shape);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public long[] Shape { get; }

    public int Layers { get; }

    /// <summary>Bytes of all layers' keys and values.</summary>
    public long Bytes => 2L * Layers * Shape.Aggregate(1L, (a, b) => a * b) * sizeof(ushort);

    /// <summary>Bytes of one block of one layer's keys (or values): the caches are block-major, so a block is one run.</summary>
    public long BlockBytesPerTensor => Shape[1] * Shape[2] * Shape[3] * sizeof(ushort);

    /// <summary>Bytes of one block across every layer's keys and values.</summary>
    public long BlockBytes => 2L * Layers * BlockBytesPerTensor;

    /// <summary>The caches, keys then values per layer (the order swaps lay a block out in host memory).</summary>
    public IReadOnlyList<OrtValue> Tensors => _values;

    public OrtValue Key(int layer) => _values[2 * layer];

    public OrtValue Value(int layer) => _values[(2 * layer) + 1];

    /// <summary>Writes zeros into every cache through a ConstantOfShape graph run on the caches' own provider.</summary>
    public void Zero(SessionOptions providerOptions)
    {
        using var session = new InferenceSession(ZeroGraph(), providerOptions);
        using var binding = session.CreateIoBinding();
        using var runOptions = new RunOptions();
        using var shape = OrtValue.CreateTensorValueFromMemory(Shape.ToArray(), [Shape.Length]);
        binding.BindInput("shape", shape);
        foreach (var value in _values)
        {
            binding.BindOutput("zeros", value);
            session.RunWithBinding(runOptions, binding);
        }

        binding.SynchronizeBoundOutputs();
    }

    private static byte[] ZeroGraph()
    {
        var graph = new OnnxGraphBuilder("zero_fill", 21);
        graph.AddInput("shape", OnnxDataType.Int64, 4);
        graph.AddOutput("zeros", OnnxDataType.Float16, "d0", "d1", "d2", "d3");
        graph.NamedNode("ConstantOfShape", ["shape"], "zeros", OnnxAttribute.Tensor("value", OnnxDataType.Float16, [0, 0], 1));
        using var stream = new MemoryStream();
        graph.WriteModel(stream, "platform-inference");
        return stream.ToArray();
    }

    public void Dispose()
    {
        foreach (var value in _values)
        {
            value?.Dispose();
        }
    }
}
