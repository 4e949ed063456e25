using System.Buffers.Binary;

namespace Platform.Inference.Graphs;

/// <summary>
/// Builds the fp16 decoder graph of the GPU runner with ONNX Runtime GenAI's use_paged_attention=true contract:
/// packed tokens (input_ids [num_tokens]) with block_table, cumulative_sequence_lengths and past_sequence_lengths
/// in, each layer's attention a com.microsoft.PagedAttention node that applies RoPE itself and updates the
/// [num_blocks, block_size, kv_heads, head_size] caches in place (present.* alias past_key_values.*), logits
/// [num_tokens, vocab] out. Weights go to model.onnx.data as external data, read one tensor at a time, so a
/// multi-gigabyte checkpoint never sits in memory whole.
/// </summary>
internal sealed partial class PagedAttentionGraphBuilder
{
    public const string MicrosoftDomain = "com.microsoft";
    private const int OpsetVersion = 21;

    private readonly DecoderArchitecture _arch;
    private readonly Func<string, float[]> _read;
    private readonly PagedGraphOptions _options;
    private readonly OnnxGraphBuilder _graph = new("paged_decoder", OpsetVersion);

    private PagedAttentionGraphBuilder(DecoderArchitecture arch, Func<string, float[]> read, PagedGraphOptions options)
    {
        _arch = arch;
        _read = read;
        _options = options;
    }

    /// <summary>Writes model.onnx and model.onnx.data into <paramref name="directory"/>; <paramref name="read"/> gives a tensor's fp32 values by HF name.</summary>
    public static void WriteFolder(DecoderArchitecture arch, Func<string, float[]> read, PagedGraphOptions options, string directory)
    {
        var suffix = Guid.NewGuid().ToString("N");
        var dataTemporary = Path.Combine(directory, $".{ModelFiles.ExternalData}.{suffix}.tmp");
        var modelTemporary = Path.Combine(directory, $".{ModelFiles.Decoder}.{suffix}.tmp");
        try
        {
            using (var data = new FileStream(dataTemporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var model = new FileStream(modelTemporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Write(arch, read, options, model, data);
            }

            File.Move(dataTemporary, Path.Combine(directory, ModelFiles.ExternalData), overwrite: true);
            File.Move(modelTemporary, Path.Combine(directory, ModelFiles.Decoder), overwrite: true);
        }
        finally
        {
            File.Delete(dataTemporary);
            File.Delete(modelTemporary);
        }
    }

    public static void Write(DecoderArchitecture arch, Func<string, float[]> read, PagedGraphOptions options, Stream model, Stream externalData)
    {
        var builder = new PagedAttentionGraphBuilder(arch, read, options);
        builder._graph.ImportOpset(MicrosoftDomain, 1);
        builder._graph.UseExternalData(externalData, ModelFiles.ExternalData);
        builder.Build();
        builder._graph.WriteModel(model, "platform-inference");
    }

    private void Build()
    {
        AddInputsAndOutputs();
        var embeddings = HalfInitializer("model.embed_tokens.weight", _read("model.embed_tokens.weight"), _arch.VocabSize, _arch.HiddenSize);
        var hidden = _graph.Node("Gather", [embeddings, PagedGraphNames.InputIds], OnnxAttribute.Int("axis", 0));
        var (cos, sin) = AddRotaryCaches();
        for (var layer = 0; layer < _arch.NumHiddenLayers; layer++)
        {
            var normed = RmsNorm(hidden, DecoderWeights.Layer(layer, "input_layernorm.weight"));
            hidden = _graph.Node("Add", [hidden, Attention(layer, normed, cos, sin)]);
            normed = RmsNorm(hidden, DecoderWeights.Layer(layer, "post_attention_layernorm.weight"));
            hidden = _graph.Node("Add", [hidden, Mlp(layer, normed)]);
        }

        if (_options.LogitsIndices)
        {
            // Norm and lm_head only for the rows the engine samples.
            hidden = _graph.Node("Gather", [hidden, PagedGraphNames.LogitsIndices], OnnxAttribute.Int("axis", 0));
        }

        var final = RmsNorm(hidden, "model.norm.weight");
        var head = _arch.TieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight";
        _graph.NamedNode("MatMul", [final, LinearWeight(head, "lm_head.MatMul.weight")], PagedGraphNames.Logits);
    }

    private void AddInputsAndOutputs()
    {
        var (kvHeads, headSize) = (_arch.NumKeyValueHeads, _arch.HeadSize);
        _graph.AddInput(PagedGraphNames.InputIds, OnnxDataType.Int64, "num_tokens");
        _graph.AddInput(PagedGraphNames.BlockTable, OnnxDataType.Int32, "batch_size", "max_num_blocks");
        _graph.AddInput(PagedGraphNames.CumulativeSequenceLengths, OnnxDataType.Int32, "batch_size + 1");
        _graph.AddInput(PagedGraphNames.PastSequenceLengths, OnnxDataType.Int32, "batch_size");
        if (_options.AttentionMetadata)
        {
            _graph.AddInput(PagedGraphNames.AttentionMetadata, OnnxDataType.Int32, 3);
        }

        if (_options.LogitsIndices)
        {
            _graph.AddInput(PagedGraphNames.LogitsIndices, OnnxDataType.Int64, "num_logits");
        }

        for (var layer = 0; layer < _arch.NumHiddenLayers; layer++)
        {
            _graph.AddInput(PagedGraphNames.PastKey(layer), OnnxDataType.Float16, "num_blocks", "block_size", kvHeads, headSize);
            _graph.AddInput(PagedGraphNames.PastValue(layer), OnnxDataType.Float16, "num_blocks", "block_size", kvHeads, headSize);
        }

        _graph.AddOutput(PagedGraphNames.Logits, OnnxDataType.Float16, _options.LogitsIndices ? "num_logits" : "num_tokens", _arch.VocabSize);
        for (var layer = 0; layer < _arch.NumHiddenLayers; layer++)
        {
            _graph.AddOutput(PagedGraphNames.PresentKey(layer), OnnxDataType.Float16, "num_blocks", "block_size", kvHeads, headSize);
            _graph.AddOutput(PagedGraphNames.PresentValue(layer), OnnxDataType.Float16, "num_blocks", "block_size", kvHeads, headSize);
        }
    }

    /// <summary>cos/sin of position·θ_i for i &lt; d/2 (scaled as config.json says): the half-width tables PagedAttention's fused RoPE reads.</summary>
    private (string Cos, string Sin) AddRotaryCaches()
    {
        var (positions, half) = (_arch.MaxPositionEmbeddings, _arch.HeadSize / 2);
        var (cos, sin) = RotaryTables.Create(positions, _arch.HeadSize, _arch.RopeTheta, _arch.RopeScaling, halfWidth: true);
        return (HalfInitializer(PagedGraphNames.CosCache, cos, positions, half), HalfInitializer(PagedGraphNames.SinCache, sin, positions, half));
    }

    private string RmsNorm(string input, string weightName) =>
        _graph.Node("SimplifiedLayerNormalization", [input, HalfInitializer(weightName, _read(weightName), _arch.HiddenSize)],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", _arch.RmsNormEps), OnnxAttribute.Int("stash_type", 1));

    private string Mlp(int layer, string input)
    {
        var gate = _graph.Node("MatMul", [input, LinearWeight(DecoderWeights.Layer(layer, "mlp.gate_proj.weight"))]);
        var up = _graph.Node("MatMul", [input, LinearWeight(DecoderWeights.Layer(layer, "mlp.up_proj.weight"))]);
        var silu = _graph.Node("Mul", [gate, _graph.Node("Sigmoid", [gate])]);
        return _graph.Node("MatMul", [_graph.Node("Mul", [silu, up]), LinearWeight(DecoderWeights.Layer(layer, "mlp.down_proj.weight"))]);
    }

    /// <summary>An HF [out, in] linear weight as an fp16 [in, out] initializer for MatMul.</summary>
    private string LinearWeight(string name, string? graphName = null)
    {
        var values = _read(name);
        var columns = name == "model.embed_tokens.weight" || name == "lm_head.weight" ? _arch.HiddenSize : InFeatures(name);
        var rows = values.Length / columns;
        var bytes = new byte[values.Length * 2];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(((c * rows) + r) * 2), FloatFormats.ToFloat16(values[(r * columns) + c]));
            }
        }

        return _graph.RawInitializer(graphName ?? $"{name}.transposed", OnnxDataType.Float16, bytes, columns, rows);
    }

    private int InFeatures(string name) =>
        name.EndsWith("o_proj.weight", StringComparison.Ordinal) ? _arch.NumAttentionHeads * _arch.HeadSize
        : name.EndsWith("down_proj.weight", StringComparison.Ordinal) ? _arch.IntermediateSize
        : _arch.HiddenSize;

    private string HalfInitializer(string name, float[] values, params long[] dims)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), FloatFormats.ToFloat16(values[i]));
        }

        return _graph.RawInitializer(name, OnnxDataType.Float16, bytes, dims);
    }
}
