namespace Platform.Inference.Graphs;

/// <summary>
/// The paged variant of the decoder graph, for the engine's CPU model runner. The KV cache is not carried through
/// past/present tensors: each layer reads a slot pool [kv_heads, num_slots, head_size] that the runner owns and binds
/// zero-copy, gathers each row's past slots from it, and returns only the K/V of the tokens fed this step (which the
/// runner writes into the pool at the scheduler's slot mapping) and the logits of the positions asked for.
/// </summary>
/// <remarks>
/// Inputs: input_ids, position_ids [batch, seq]; attention_mask [batch, past + seq] (1 for real past slots and real
/// fed tokens, right-padded); past_slots [batch, past] (pool slot of each past position, padding any slot);
/// logits_index [num_logits] (flat indices b * seq + t of the positions whose logits are wanted: one per row, or several
/// for a decode verifying drafts); key_cache.{i}, value_cache.{i} [kv_heads, num_slots, head_size]. Outputs: logits
/// [num_logits, vocab]; new_key.{i}, new_value.{i}
/// [batch, seq, kv_heads, head_size] (keys after rotary embedding).
/// Head-major pools make the gathered past [kv_heads, batch, past, d] directly, so attention runs with the KV head
/// as the outer batch dimension and the large gathered tensors are never transposed. Graphs of the earlier slot-major
/// layout ([num_slots, kv_heads, head_size]) still load.
/// </remarks>
internal sealed partial class DecoderGraphBuilder
{
    public const string PastSlotsInput = "past_slots";
    public const string LogitsIndexInput = "logits_index";

    /// <summary>Symbolic length of logits_index and of the logits' first axis: any number of positions across the batch.</summary>
    public const string NumLogitsDimension = "num_logits";

    public static void WritePaged(
        DecoderArchitecture arch, DecoderWeights weights, Stream destination, PagedKvLayout layout = PagedKvLayout.HeadMajor,
        DecoderGraphOptions? options = null)
    {
        var builder = new DecoderGraphBuilder(arch, weights, options ?? DecoderGraphOptions.Inline, "qwen2_decoder_paged");
        builder.BuildPaged(layout);
        builder._graph.WriteModel(destination, "platform-inference");
    }

    public static string KeyCache(int layer) => $"key_cache.{layer}";

    public static string ValueCache(int layer) => $"value_cache.{layer}";

    public static string NewKey(int layer) => $"new_key.{layer}";

    public static string NewValue(int layer) => $"new_value.{layer}";

    private void BuildPaged(PagedKvLayout layout)
    {
        var kvHeads = _arch.NumKeyValueHeads;
        var headSize = _arch.HeadSize;
        _graph.AddInput("input_ids", OnnxDataType.Int64, "batch_size", "sequence_length");
        _graph.AddInput("attention_mask", OnnxDataType.Int64, "batch_size", "total_sequence_length");
        _graph.AddInput("position_ids", OnnxDataType.Int64, "batch_size", "sequence_length");
        _graph.AddInput(PastSlotsInput, OnnxDataType.Int64, "batch_size", "past_sequence_length");
        _graph.AddInput(LogitsIndexInput, OnnxDataType.Int64, NumLogitsDimension);
        for (var layer = 0; layer < _arch.NumHiddenLayers; layer++)
        {
            if (layout == PagedKvLayout.HeadMajor)
            {
                _graph.AddInput(KeyCache(layer), OnnxDataType.Float, kvHeads, "num_slots", headSize);
                _graph.AddInput(ValueCache(layer), OnnxDataType.Float, kvHeads, "num_slots", headSize);
            }
            else
            {
                _graph.AddInput(KeyCache(layer), OnnxDataType.Float, "num_slots", kvHeads, headSize);
                _graph.AddInput(ValueCache(layer), OnnxDataType.Float, "num_slots", kvHeads, headSize);
            }
        }

        _graph.AddOutput("logits", OnnxDataType.Float, NumLogitsDimension, _arch.VocabSize);
        for (var layer = 0; layer < _arch.NumHiddenLayers; layer++)
        {
            _graph.AddOutput(NewKey(layer), OnnxDataType.Float, "batch_size", "sequence_length", kvHeads, headSize);
            _graph.AddOutput(NewValue(layer), OnnxDataType.Float, "batch_size", "sequence_length", kvHeads, headSize);
        }

        var embeddings = FloatWeight("model.embed_tokens.weight", _arch.VocabSize, _arch.HiddenSize);
        var hidden = _graph.Node("Gather", [embeddings, "input_ids"], OnnxAttribute.Int("axis", 0));
        // Rows of the grouped scores run (group member, position), so the [batch, 1, seq, total] bias is tiled to match.
        var group = _arch.NumAttentionHeads / _arch.NumKeyValueHeads;
        var bias = BuildAttentionBias();
        if (group > 1)
        {
            bias = _graph.Node("Tile", [bias, _graph.Int64Constant("/paged/bias_repeats", 1, 1, group, 1)]);
        }

        // Scores run [kv_heads, batch, group * seq, past + seq]: the bias's batch moves to the second axis.
        bias = _graph.Node("Transpose", [bias], OnnxAttribute.Ints("perm", 1, 0, 2, 3));

        var rotary = BuildRotaryTables();

        for (var layer = 0; layer < _arch.NumHiddenLayers; layer++)
        {
            var normed = RmsNorm(hidden, DecoderWeights.Layer(layer, "input_layernorm.weight"));
            var attention = PagedAttention(layer, normed, bias, rotary, layout);
            hidden = _graph.Node("Add", [hidden, attention]);
            normed = RmsNorm(hidden, DecoderWeights.Layer(layer, "post_attention_layernorm.weight"));
            hidden = _graph.Node("Add", [hidden, Mlp(layer, normed)]);
        }

        // Only the wanted positions go through the final norm and lm_head: prefill and padding rows cost nothing there.
        var flat = _graph.Node("Reshape", [hidden, _graph.Int64Constant("/paged/flat_shape", -1, _arch.HiddenSize)]);
        var selected = _graph.Node("Gather", [flat, LogitsIndexInput], OnnxAttribute.Int("axis", 0));
        var final = RmsNorm(selected, "model.norm.weight");
        var lmHead = _arch.TieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight";
        Linear(final, lmHead, "lm_head.MatMul.weight", "logits");
    }

    /// <summary>
    /// Attention over the row's gathered past slots followed by the fed tokens, with the KV head as the outer batch
    /// dimension ([kv_heads, batch, …]). Query heads are grouped by their KV head instead of repeating K/V, so the
    /// gathered cache is read once per KV head; only the small per-step tensors (queries, fed K/V, context) are transposed.
    /// </summary>
    /// <param name="bias">[1, batch, group * seq, past + seq] additive mask.</param>
    private string PagedAttention(int layer, string input, string bias, (string Cos, string Sin) rotary, PagedKvLayout layout)
    {
        var heads = _arch.NumAttentionHeads;
        var kvHeads = _arch.NumKeyValueHeads;
        var headSize = _arch.HeadSize;
        var prefix = $"/layers.{layer}/paged_attn";
        var swapOuter = OnnxAttribute.Ints("perm", 1, 0, 2, 3);

        var query = Rotate(Project(layer, "q_proj", input, heads), rotary);
        var key = Rotate(Project(layer, "k_proj", input, kvHeads), rotary);
        var value = Project(layer, "v_proj", input, kvHeads);
        _graph.NamedNode("Transpose", [key], NewKey(layer), OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        _graph.NamedNode("Transpose", [value], NewValue(layer), OnnxAttribute.Ints("perm", 0, 2, 1, 3));

        var allKeys = _graph.Node("Concat", [GatherPast(KeyCache(layer), layout), _graph.Node("Transpose", [key], swapOuter)], OnnxAttribute.Int("axis", 2));
        var allValues = _graph.Node("Concat", [GatherPast(ValueCache(layer), layout), _graph.Node("Transpose", [value], swapOuter)], OnnxAttribute.Int("axis", 2));

        var grouped = _graph.Node("Reshape", [query, _graph.Int64Constant($"{prefix}/group_q", 0, kvHeads, -1, headSize)]);
        var headsFirst = _graph.Node("Transpose", [grouped], swapOuter);
        var keysT = _graph.Node("Transpose", [allKeys], OnnxAttribute.Ints("perm", 0, 1, 3, 2));
        var scores = _graph.Node("MatMul", [headsFirst, keysT]);
        var scale = _graph.FloatScalar($"{prefix}/scale", 1f / MathF.Sqrt(headSize));
        var masked = _graph.Node("Add", [_graph.Node("Mul", [scores, scale]), bias]);
        var probabilities = _graph.Node("Softmax", [masked], OnnxAttribute.Int("axis", -1));
        var context = _graph.Node("Transpose", [_graph.Node("MatMul", [probabilities, allValues])], swapOuter);

        var byHead = _graph.Node("Reshape", [context, _graph.Int64Constant($"{prefix}/heads", 0, heads, -1, headSize)]);
        var bySequence = _graph.Node("Transpose", [byHead], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        var flat = _graph.Node("Reshape", [bySequence, _graph.Int64Constant($"{prefix}/merge_shape", 0, 0, heads * headSize)]);
        return Linear(flat, DecoderWeights.Layer(layer, "self_attn.o_proj.weight"));
    }

    /// <summary>The pool gathered by past_slots [batch, past] → [kv_heads, batch, past, d].</summary>
    private string GatherPast(string pool, PagedKvLayout layout) => layout == PagedKvLayout.HeadMajor
        ? _graph.Node("Gather", [pool, PastSlotsInput], OnnxAttribute.Int("axis", 1))
        : _graph.Node("Transpose", [_graph.Node("Gather", [pool, PastSlotsInput], OnnxAttribute.Int("axis", 0))], OnnxAttribute.Ints("perm", 2, 0, 1, 3));
}
