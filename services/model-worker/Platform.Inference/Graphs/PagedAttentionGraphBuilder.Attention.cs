namespace Platform.Inference.Graphs;

internal sealed partial class PagedAttentionGraphBuilder
{
    /// <summary>Inputs 10-15 of PagedAttention (slot_mapping, head_sink, q/k norm weights, k/v scales) stay absent.</summary>
    private const int UnusedOptionalInputs = 6;

    /// <summary>
    /// q/k/v projections as [num_tokens, heads * head_size] (with biases where the architecture has them), then
    /// PagedAttention: writes this step's K/V into the paged caches at past_seqlens onwards, applies RoPE from the
    /// cos/sin caches (do_rotary=1, the non-interleaved "rotate_half" layout of Llama/Qwen2), attends causally over the
    /// block table, and returns [num_tokens, heads * head_size] for o_proj.
    /// </summary>
    private string Attention(int layer, string input, string cos, string sin)
    {
        var query = Project(layer, "q_proj", input);
        var key = Project(layer, "k_proj", input);
        var value = Project(layer, "v_proj", input);
        List<string> inputs =
        [
            query, key, value, PagedGraphNames.PastKey(layer), PagedGraphNames.PastValue(layer),
            PagedGraphNames.CumulativeSequenceLengths, PagedGraphNames.PastSequenceLengths, PagedGraphNames.BlockTable, cos, sin,
        ];
        if (_options.AttentionMetadata)
        {
            inputs.AddRange(Enumerable.Repeat("", UnusedOptionalInputs));
            inputs.Add(PagedGraphNames.AttentionMetadata);
        }

        var outputs = _graph.DomainNode(MicrosoftDomain, "PagedAttention", inputs,
            [$"/model/layers.{layer}/attn/PagedAttention/output_0", PagedGraphNames.PresentKey(layer), PagedGraphNames.PresentValue(layer)],
            OnnxAttribute.Int("num_heads", _arch.NumAttentionHeads),
            OnnxAttribute.Int("kv_num_heads", _arch.NumKeyValueHeads),
            OnnxAttribute.Float("scale", 1f / MathF.Sqrt(_arch.HeadSize)),
            OnnxAttribute.Int("local_window_size", -1),
            OnnxAttribute.Float("softcap", 0f),
            OnnxAttribute.Int("do_rotary", 1),
            OnnxAttribute.Int("rotary_interleaved", 0));
        return _graph.Node("MatMul", [outputs[0], LinearWeight(DecoderWeights.Layer(layer, "self_attn.o_proj.weight"))]);
    }

    private string Project(int layer, string projection, string input)
    {
        var projected = _graph.Node("MatMul", [input, LinearWeight(DecoderWeights.Layer(layer, $"self_attn.{projection}.weight"))]);
        if (!_arch.AttentionBias)
        {
            return projected;
        }

        var biasName = DecoderWeights.Layer(layer, $"self_attn.{projection}.bias");
        var bias = _read(biasName);
        return _graph.Node("Add", [projected, HalfInitializer(biasName, bias, bias.Length)]);
    }
}
