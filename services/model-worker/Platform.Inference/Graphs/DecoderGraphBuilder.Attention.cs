namespace Platform.Inference.Graphs;

internal sealed partial class DecoderGraphBuilder
{
    /// <summary>
    /// Grouped-query self-attention with rotary embeddings: q/k/v projections (with biases where the
    /// architecture has them), RoPE on q and k, present = past ++ current along the sequence axis, each KV head
    /// shared by num_heads / num_kv_heads query heads, scaled dot product with the additive mask, o_proj.
    /// </summary>
    private string Attention(int layer, string input, string bias, (string Cos, string Sin) rotary)
    {
        var heads = _arch.NumAttentionHeads;
        var kvHeads = _arch.NumKeyValueHeads;
        var headSize = _arch.HeadSize;

        var query = Rotate(Project(layer, "q_proj", input, heads), rotary);
        var key = Rotate(Project(layer, "k_proj", input, kvHeads), rotary);
        var value = Project(layer, "v_proj", input, kvHeads);

        var presentKey = _graph.NamedNode("Concat", [PastKey(layer), key], PresentKey(layer), OnnxAttribute.Int("axis", 2));
        var presentValue = _graph.NamedNode("Concat", [PastValue(layer), value], PresentValue(layer), OnnxAttribute.Int("axis", 2));
        var allKeys = RepeatKvHeads(presentKey);
        var allValues = RepeatKvHeads(presentValue);

        var keysT = _graph.Node("Transpose", [allKeys], OnnxAttribute.Ints("perm", 0, 1, 3, 2));
        var scores = _graph.Node("MatMul", [query, keysT]);
        var scale = _graph.FloatScalar($"/layers.{layer}/attn/scale", 1f / MathF.Sqrt(headSize));
        var masked = _graph.Node("Add", [_graph.Node("Mul", [scores, scale]), bias]);
        var probabilities = _graph.Node("Softmax", [masked], OnnxAttribute.Int("axis", -1));
        var context = _graph.Node("MatMul", [probabilities, allValues]);

        var bySequence = _graph.Node("Transpose", [context], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        var merged = _graph.Node("Reshape",
            [bySequence, _graph.Int64Constant($"/layers.{layer}/attn/merge_shape", 0, 0, heads * headSize)]);
        return Linear(merged, DecoderWeights.Layer(layer, "self_attn.o_proj.weight"));
    }

    /// <summary>[batch, seq, hidden] → [batch, heads, seq, head_size].</summary>
    private string Project(int layer, string projection, string input, int headCount)
    {
        var weightName = DecoderWeights.Layer(layer, $"self_attn.{projection}.weight");
        var projected = Linear(input, weightName);
        if (_arch.AttentionBias)
        {
            var biasName = DecoderWeights.Layer(layer, $"self_attn.{projection}.bias");
            projected = _graph.Node("Add", [projected, FloatWeight(biasName, headCount * _arch.HeadSize)]);
        }

        var shape = _graph.Int64Constant($"/layers.{layer}/attn/{projection}/split_shape", 0, 0, headCount, _arch.HeadSize);
        var split = _graph.Node("Reshape", [projected, shape]);
        return _graph.Node("Transpose", [split], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
    }

    /// <summary>x·cos + rotate_half(x)·sin, where rotate_half(x) = [-x2, x1] for the two halves of the head.</summary>
    private string Rotate(string input, (string Cos, string Sin) rotary)
    {
        var half = _arch.HeadSize / 2;
        var halves = _graph.NodeWithOutputs("Split", [input, HalfSplit(half)], 2, null, OnnxAttribute.Int("axis", -1));
        var rotated = _graph.Node("Concat", [_graph.Node("Neg", [halves[1]]), halves[0]], OnnxAttribute.Int("axis", -1));
        return _graph.Node("Add", [_graph.Node("Mul", [input, rotary.Cos]), _graph.Node("Mul", [rotated, rotary.Sin])]);
    }

    /// <summary>[batch, kv_heads, total, d] → [batch, heads, total, d], query head h reading KV head h / group.</summary>
    private string RepeatKvHeads(string input)
    {
        var group = _arch.NumAttentionHeads / _arch.NumKeyValueHeads;
        if (group == 1)
        {
            return input;
        }

        var unsqueezed = _graph.Node("Unsqueeze", [input, RepeatAxis()]);
        var expanded = _graph.Node("Expand", [unsqueezed, RepeatShape(group)]);
        return _graph.Node("Reshape", [expanded, HeadsShape()]);
    }

    private string _halfSplit = "";
    private string _repeatAxis = "";
    private string _repeatShape = "";
    private string _headsShape = "";

    private string HalfSplit(int half) =>
        _halfSplit.Length > 0 ? _halfSplit : _halfSplit = _graph.Int64Constant("/rotary/half_split", half, half);

    private string RepeatAxis() =>
        _repeatAxis.Length > 0 ? _repeatAxis : _repeatAxis = _graph.Int64Constant("/attn/repeat_axis", 2);

    private string RepeatShape(int group) =>
        _repeatShape.Length > 0 ? _repeatShape : _repeatShape = _graph.Int64Constant("/attn/repeat_shape", 1, 1, group, 1, 1);

    private string HeadsShape() =>
        _headsShape.Length > 0
            ? _headsShape
            : _headsShape = _graph.Int64Constant("/attn/heads_shape", 0, _arch.NumAttentionHeads, -1, _arch.HeadSize);
}
