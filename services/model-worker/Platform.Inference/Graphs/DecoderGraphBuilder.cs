namespace Platform.Inference.Graphs;

/// <summary>
/// Builds the ONNX graph of a Llama/Qwen2 decoder from standard ONNX ops (opset 21), with the I/O contract of
/// ONNX Runtime GenAI's CPU decoder: input_ids, attention_mask, position_ids and past_key_values.{i}.key/value in;
/// logits and present.{i}.key/value out. Attention is causal by KV slot and masked by attention_mask, so left- or
/// right-padded batches with different past lengths give each sequence the logits it would get alone.
/// </summary>
internal sealed partial class DecoderGraphBuilder
{
    public const int OpsetVersion = 21;
    private const float MaskedScore = -1e9f;

    private readonly DecoderArchitecture _arch;
    private readonly DecoderWeights _weights;
    private readonly DecoderGraphOptions _options;
    private readonly OnnxGraphBuilder _graph;

    private DecoderGraphBuilder(DecoderArchitecture arch, DecoderWeights weights, DecoderGraphOptions options, string graphName)
    {
        _arch = arch;
        _weights = weights;
        _options = options;
        _graph = new OnnxGraphBuilder(graphName, OpsetVersion);
        if (options.ExternalData is { } file)
        {
            _graph.UseExternalData(file);
        }

        if (options.Quantization is { } quantization)
        {
            var errors = quantization.Validate();
            if (errors.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", errors), nameof(options));
            }

            _graph.ImportOpset(MicrosoftDomain, 1);
        }
    }

    public static void Write(DecoderArchitecture arch, DecoderWeights weights, Stream destination, DecoderGraphOptions? options = null)
    {
        var builder = new DecoderGraphBuilder(arch, weights, options ?? DecoderGraphOptions.Inline, "qwen2_decoder");
        builder.Build();
        builder._graph.WriteModel(destination, "platform-inference");
    }

    private void Build()
    {
        var kvHeads = _arch.NumKeyValueHeads;
        var headSize = _arch.HeadSize;
        _graph.AddInput("input_ids", OnnxDataType.Int64, "batch_size", "sequence_length");
        _graph.AddInput("attention_mask", OnnxDataType.Int64, "batch_size", "total_sequence_length");
        _graph.AddInput("position_ids", OnnxDataType.Int64, "batch_size", "sequence_length");
        for (var layer = 0; layer < _arch.NumHiddenLayers; layer++)
        {
            _graph.AddInput(PastKey(layer), OnnxDataType.Float, "batch_size", kvHeads, "past_sequence_length", headSize);
            _graph.AddInput(PastValue(layer), OnnxDataType.Float, "batch_size", kvHeads, "past_sequence_length", headSize);
        }

        _graph.AddOutput("logits", OnnxDataType.Float, "batch_size", "sequence_length", _arch.VocabSize);
        for (var layer = 0; layer < _arch.NumHiddenLayers; layer++)
        {
            _graph.AddOutput(PresentKey(layer), OnnxDataType.Float, "batch_size", kvHeads, "total_sequence_length", headSize);
            _graph.AddOutput(PresentValue(layer), OnnxDataType.Float, "batch_size", kvHeads, "total_sequence_length", headSize);
        }

        var embeddings = FloatWeight("model.embed_tokens.weight", _arch.VocabSize, _arch.HiddenSize);
        var hidden = _graph.Node("Gather", [embeddings, "input_ids"], OnnxAttribute.Int("axis", 0));
        var bias = BuildAttentionBias();
        var rotary = BuildRotaryTables();

        for (var layer = 0; layer < _arch.NumHiddenLayers; layer++)
        {
            var normed = RmsNorm(hidden, DecoderWeights.Layer(layer, "input_layernorm.weight"));
            var attention = Attention(layer, normed, bias, rotary);
            hidden = _graph.Node("Add", [hidden, attention]);
            normed = RmsNorm(hidden, DecoderWeights.Layer(layer, "post_attention_layernorm.weight"));
            hidden = _graph.Node("Add", [hidden, Mlp(layer, normed)]);
        }

        var final = RmsNorm(hidden, "model.norm.weight");
        var lmHead = _arch.TieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight";
        Linear(final, lmHead, "lm_head.MatMul.weight", "logits");
    }

    /// <summary>
    /// [batch, 1, seq, total] additive bias: 0 where query slot past+s may see key slot j (j &lt;= past+s and
    /// attention_mask[b, j] = 1), a large negative number elsewhere. Finite, so fully padded rows stay NaN-free.
    /// </summary>
    private string BuildAttentionBias()
    {
        var zero = _graph.Int64Scalar("/mask/zero", 0);
        var one = _graph.Int64Scalar("/mask/one", 1);
        var sequenceLength = _graph.Node("Gather", [_graph.Node("Shape", ["input_ids"]), one], OnnxAttribute.Int("axis", 0));
        var totalLength = _graph.Node("Gather", [_graph.Node("Shape", ["attention_mask"]), one], OnnxAttribute.Int("axis", 0));
        var pastLength = _graph.Node("Sub", [totalLength, sequenceLength]);
        var keySlots = _graph.Node("Range", [zero, totalLength, one]);
        var querySlots = _graph.Node("Range", [pastLength, totalLength, one]);
        var keyRow = _graph.Node("Unsqueeze", [keySlots, _graph.Int64Constant("/mask/axes0", 0)]);
        var queryColumn = _graph.Node("Unsqueeze", [querySlots, _graph.Int64Constant("/mask/axes1", 1)]);
        var causal = _graph.Node("LessOrEqual", [keyRow, queryColumn]);
        var attended = _graph.Node("Cast", ["attention_mask"], OnnxAttribute.Int("to", (long)OnnxDataType.Bool));
        var attended4 = _graph.Node("Unsqueeze", [attended, _graph.Int64Constant("/mask/axes12", 1, 2)]);
        var allowed = _graph.Node("And", [causal, attended4]);
        return _graph.Node("Where",
            [allowed, _graph.FloatScalar("/mask/open", 0f), _graph.FloatScalar("/mask/closed", MaskedScore)]);
    }

    /// <summary>cos and sin gathered by position_ids, as [batch, 1, seq, head_size] to broadcast over heads.</summary>
    private (string Cos, string Sin) BuildRotaryTables()
    {
        var (cos, sin) = RotaryTables.Create(_arch.MaxPositionEmbeddings, _arch.HeadSize, _arch.RopeTheta, _arch.RopeScaling);
        var cosTable = _graph.Initializer("/rotary/cos_table", cos, _arch.MaxPositionEmbeddings, _arch.HeadSize);
        var sinTable = _graph.Initializer("/rotary/sin_table", sin, _arch.MaxPositionEmbeddings, _arch.HeadSize);
        var headAxis = _graph.Int64Constant("/rotary/axes1", 1);
        var cosRows = _graph.Node("Gather", [cosTable, "position_ids"], OnnxAttribute.Int("axis", 0));
        var sinRows = _graph.Node("Gather", [sinTable, "position_ids"], OnnxAttribute.Int("axis", 0));
        return (_graph.Node("Unsqueeze", [cosRows, headAxis]), _graph.Node("Unsqueeze", [sinRows, headAxis]));
    }

    private string RmsNorm(string input, string weightName)
    {
        var squared = _graph.Node("Mul", [input, input]);
        var mean = _graph.Node("ReduceMean", [squared, LastAxis()], OnnxAttribute.Int("keepdims", 1));
        var eps = _graph.FloatScalar($"{weightName}/eps", _arch.RmsNormEps);
        var rms = _graph.Node("Sqrt", [_graph.Node("Add", [mean, eps])]);
        var normalised = _graph.Node("Div", [input, rms]);
        var weight = FloatWeight(weightName, _arch.HiddenSize);
        return _graph.Node("Mul", [normalised, weight]);
    }

    private string Mlp(int layer, string input)
    {
        var gate = Linear(input, DecoderWeights.Layer(layer, "mlp.gate_proj.weight"));
        var up = Linear(input, DecoderWeights.Layer(layer, "mlp.up_proj.weight"));
        var silu = _graph.Node("Mul", [gate, _graph.Node("Sigmoid", [gate])]);
        var product = _graph.Node("Mul", [silu, up]);
        return Linear(product, DecoderWeights.Layer(layer, "mlp.down_proj.weight"));
    }

    private string _lastAxis = "";

    private string LastAxis() => _lastAxis.Length > 0 ? _lastAxis : _lastAxis = _graph.Int64Constant("/axes/last", -1);

    public static string PastKey(int layer) => $"past_key_values.{layer}.key";

    public static string PastValue(int layer) => $"past_key_values.{layer}.value";

    public static string PresentKey(int layer) => $"present.{layer}.key";

    public static string PresentValue(int layer) => $"present.{layer}.value";
}
