using System.Text.Json;
using Platform.Inference.Graphs;

namespace Platform.Inference.Import;

/// <summary>
/// The parts of a Hugging Face config.json (and generation_config.json) the importer needs, validated for the
/// Llama and Qwen2 architectures (Qwen2.5-Coder, DeepSeek-Coder, CodeLlama).
/// </summary>
internal sealed record HuggingFaceModelConfig(
    string Architecture,
    string ModelType,
    DecoderArchitecture Decoder,
    int? BosTokenId,
    IReadOnlyList<int> EosTokenIds,
    int? PadTokenId)
{
    public const string FileName = "config.json";
    public const string GenerationFileName = "generation_config.json";

    public static readonly IReadOnlyList<string> SupportedArchitectures = ["LlamaForCausalLM", "Qwen2ForCausalLM"];

    public static HuggingFaceModelConfig Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{directory} has no {FileName}; is it a Hugging Face checkpoint folder?", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var architecture = root.TryGetProperty("architectures", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
            ? list[0].GetString() ?? ""
            : "";
        if (!SupportedArchitectures.Contains(architecture))
        {
            throw new NotSupportedException(
                $"Architecture '{architecture}' is not supported; the importer handles {string.Join(" and ", SupportedArchitectures)}.");
        }

        var isQwen2 = architecture == "Qwen2ForCausalLM";
        var hidden = Int(root, "hidden_size");
        var heads = Int(root, "num_attention_heads");
        var kvHeads = OptionalInt(root, "num_key_value_heads") ?? heads;
        Require(hidden % heads == 0, $"hidden_size {hidden} is not a multiple of num_attention_heads {heads}");
        Require(heads % kvHeads == 0, $"num_attention_heads {heads} is not a multiple of num_key_value_heads {kvHeads}");
        Require((hidden / heads) % 2 == 0, "the head size must be even for rotary embeddings");
        var headDim = OptionalInt(root, "head_dim");
        Require(headDim is null || headDim == hidden / heads, $"head_dim {headDim} differs from hidden_size / num_attention_heads");
        var activation = OptionalString(root, "hidden_act") ?? "silu";
        Require(activation == "silu", $"hidden_act '{activation}' is not supported (only silu)");
        Require(!Bool(root, "mlp_bias", false), "mlp_bias = true is not supported");
        Require(!(isQwen2 && Bool(root, "use_sliding_window", false)), "use_sliding_window = true is not supported");

        var maxPositions = OptionalInt(root, "max_position_embeddings") ?? 2048;
        var rope = RopeScaling(root, maxPositions);
        if (rope.Type == Graphs.RopeScaling.Dynamic)
        {
            // Dynamic NTK serves past the trained context: the tables (and the served context) span factor × original.
            maxPositions = Math.Max(maxPositions, (int)(rope.OriginalMaxPositions * rope.Factor));
        }

        var decoder = new DecoderArchitecture(
            hidden,
            Int(root, "intermediate_size"),
            Int(root, "num_hidden_layers"),
            heads,
            kvHeads,
            Int(root, "vocab_size"),
            maxPositions,
            Float(root, "rms_norm_eps", 1e-6f),
            Float(root, "rope_theta", 10000f),
            AttentionBias: isQwen2 || Bool(root, "attention_bias", false),
            TieWordEmbeddings: Bool(root, "tie_word_embeddings", false))
        {
            RopeScaling = rope,
        };

        var bos = OptionalInt(root, "bos_token_id");
        var eos = Ids(root, "eos_token_id");
        var pad = OptionalInt(root, "pad_token_id");
        var generation = Path.Combine(directory, GenerationFileName);
        if (File.Exists(generation))
        {
            using var generationDocument = JsonDocument.Parse(File.ReadAllBytes(generation));
            var g = generationDocument.RootElement;
            bos = OptionalInt(g, "bos_token_id") ?? bos;
            eos = Ids(g, "eos_token_id") is { Count: > 0 } ids ? ids : eos;
            pad = OptionalInt(g, "pad_token_id") ?? pad;
        }

        Require(eos.Count > 0, "no eos_token_id in config.json or generation_config.json");
        return new HuggingFaceModelConfig(architecture, isQwen2 ? "qwen2" : "llama", decoder, bos, eos, pad);
    }

    /// <summary>rope_scaling as Hugging Face reads it: <c>rope_type</c> (or the older <c>type</c>) and its parameters.</summary>
    private static RopeScaling RopeScaling(JsonElement root, int maxPositions)
    {
        var scaling = root.TryGetProperty("rope_scaling", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        if (scaling.ValueKind != JsonValueKind.Object)
        {
            return Graphs.RopeScaling.None;
        }

        var type = OptionalString(scaling, "rope_type") ?? OptionalString(scaling, "type") ?? Graphs.RopeScaling.Default;
        var rope = new RopeScaling(
            type,
            Double(scaling, "factor") ?? 1,
            OptionalInt(scaling, "original_max_position_embeddings") ?? maxPositions,
            Double(scaling, "low_freq_factor") ?? 1,
            Double(scaling, "high_freq_factor") ?? 4,
            Double(scaling, "beta_fast") ?? 32,
            Double(scaling, "beta_slow") ?? 1,
            Double(scaling, "mscale"),
            Double(scaling, "mscale_all_dim"),
            Double(scaling, "attention_factor"),
            Bool(scaling, "truncate", true));
        var errors = rope.Validate();
        if (errors.Count > 0)
        {
            throw new NotSupportedException($"Unsupported or invalid config.json: {string.Join(" ", errors)}");
        }

        return rope;
    }

    private static double? Double(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static int Int(JsonElement e, string name) =>
        OptionalInt(e, name) ?? throw Invalid($"config.json has no {name}");

    private static int? OptionalInt(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static float Float(JsonElement e, string name, float fallback) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : fallback;

    private static bool Bool(JsonElement e, string name, bool fallback) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    private static List<int> Ids(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? []
        : v.ValueKind == JsonValueKind.Number ? [v.GetInt32()]
        : v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray().Select(x => x.GetInt32())]
        : [];

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw Invalid(message);
        }
    }

    private static InvalidDataException Invalid(string message) => new($"Unsupported or invalid config.json: {message}.");
}
