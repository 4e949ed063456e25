namespace Platform.Inference.Graphs;

internal sealed partial class DecoderGraphBuilder
{
    private const string MicrosoftDomain = "com.microsoft";

    /// <summary>
    /// input · Wᵀ for an HF [out, in] weight: a MatMul over the weight transposed to [in, out], or, when the graph is
    /// quantised, MatMulNBits over the block-quantised [out, in] weight as it is (the operator's own layout).
    /// </summary>
    private string Linear(string input, string weightName, string? graphName = null, string? output = null)
    {
        if (_options.Quantization is not { } quantization)
        {
            var weight = LinearWeight(weightName, graphName);
            return output is null ? _graph.Node("MatMul", [input, weight]) : _graph.NamedNode("MatMul", [input, weight], output);
        }

        var baseName = graphName ?? weightName;
        var packedName = $"{baseName}.q{quantization.Bits}";
        var scalesName = $"{baseName}.q{quantization.Bits}.scales";
        var (n, k) = LinearShape(weightName);
        var blocks = (k + quantization.BlockSize - 1) / quantization.BlockSize;
        var blobBytes = quantization.BlockSize * quantization.Bits / 8;
        QuantizedWeight? quantized = null;
        QuantizedWeight Quantized() => quantized ??= BlockQuantizer.Quantize(_weights[weightName].Data, n, k, quantization);
        _graph.StoredInitializer(packedName, OnnxDataType.UInt8, [n, blocks, blobBytes], () => Quantized().Packed);
        _graph.StoredInitializer(scalesName, OnnxDataType.Float, [n, blocks], () => OnnxGraphBuilder.FloatBytes(Quantized().Scales));
        OnnxAttribute[] attributes =
        [
            OnnxAttribute.Int("K", k),
            OnnxAttribute.Int("N", n),
            OnnxAttribute.Int("bits", quantization.Bits),
            OnnxAttribute.Int("block_size", quantization.BlockSize),
            OnnxAttribute.Int("accuracy_level", quantization.AccuracyLevel),
        ];
        return output is null
            ? _graph.DomainNode(MicrosoftDomain, "MatMulNBits", [input, packedName, scalesName], 1, attributes)[0]
            : _graph.DomainNode(MicrosoftDomain, "MatMulNBits", [input, packedName, scalesName], [output], attributes)[0];
    }

    /// <summary>Adds an HF [out, in] linear weight transposed to the [in, out] layout MatMul wants.</summary>
    private string LinearWeight(string name, string? graphName = null)
    {
        var (rows, columns) = LinearShape(name);
        return _graph.StoredInitializer(graphName ?? $"{name}.transposed", OnnxDataType.Float, [columns, rows], () =>
        {
            var data = _weights[name].Data;
            var transposed = new float[data.Length];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    transposed[(c * rows) + r] = data[(r * columns) + c];
                }
            }

            return OnnxGraphBuilder.FloatBytes(transposed);
        });
    }

    /// <summary>A weight's [rows, columns] from the architecture, so a weight another graph already stored is never read.</summary>
    private (int Rows, int Columns) LinearShape(string name)
    {
        var h = _arch.HiddenSize;
        var q = _arch.NumAttentionHeads * _arch.HeadSize;
        var kv = _arch.NumKeyValueHeads * _arch.HeadSize;
        var i = _arch.IntermediateSize;
        return name switch
        {
            "lm_head.weight" or "model.embed_tokens.weight" => (_arch.VocabSize, h),
            _ when name.EndsWith(".self_attn.q_proj.weight", StringComparison.Ordinal) => (q, h),
            _ when name.EndsWith(".self_attn.k_proj.weight", StringComparison.Ordinal) => (kv, h),
            _ when name.EndsWith(".self_attn.v_proj.weight", StringComparison.Ordinal) => (kv, h),
            _ when name.EndsWith(".self_attn.o_proj.weight", StringComparison.Ordinal) => (h, q),
            _ when name.EndsWith(".mlp.gate_proj.weight", StringComparison.Ordinal) => (i, h),
            _ when name.EndsWith(".mlp.up_proj.weight", StringComparison.Ordinal) => (i, h),
            _ when name.EndsWith(".mlp.down_proj.weight", StringComparison.Ordinal) => (h, i),
            _ => throw new ArgumentException($"'{name}' is not a linear weight of the decoder.", nameof(name)),
        };
    }

    /// <summary>A weight stored as fp32 with the given shape, read only when the external data file lacks it.</summary>
    private string FloatWeight(string name, params long[] dims) =>
        _graph.StoredInitializer(name, OnnxDataType.Float, dims, () => OnnxGraphBuilder.FloatBytes(_weights[name].Data));
}
