using System.Text.Json;

namespace Platform.Inference.Graphs;

/// <summary>
/// The parts of ONNX Runtime GenAI's genai_config.json this engine uses, for both decoder contracts: the standard
/// past/present graph and, when <see cref="PagedAttention"/> is set, the PagedAttention graph. The one type that
/// reads and writes the file. eos_token_id may be a number or a list.
/// </summary>
internal sealed partial record GenAiConfig(
    string ModelType,
    int ContextLength,
    int MaxLength,
    int VocabSize,
    int BosTokenId,
    int PadTokenId,
    IReadOnlyList<int> EosTokenIds,
    GenAiDecoderConfig Decoder)
{
    public const string FileName = "genai_config.json";

    /// <summary>Set for a PagedAttention decoder; null for the standard past/present one.</summary>
    public GenAiPagedAttention? PagedAttention { get; init; }

    /// <summary>The config of a decoder graph built for <paramref name="arch"/> into <see cref="ModelFiles.Decoder"/>.</summary>
    public static GenAiConfig For(
        DecoderArchitecture arch, string modelType, int bosTokenId, int padTokenId, IReadOnlyList<int> eosTokenIds,
        GenAiPagedAttention? pagedAttention = null) => new(
            modelType,
            arch.MaxPositionEmbeddings,
            arch.MaxPositionEmbeddings,
            arch.VocabSize,
            bosTokenId,
            padTokenId,
            eosTokenIds,
            new GenAiDecoderConfig(ModelFiles.Decoder, arch.HiddenSize, arch.NumAttentionHeads, arch.NumKeyValueHeads,
                arch.HeadSize, arch.NumHiddenLayers, new DecoderIoNames()))
    {
        PagedAttention = pagedAttention,
    };

    public static GenAiConfig Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var model = document.RootElement.GetProperty("model");
        var decoder = model.GetProperty("decoder");
        var inputs = decoder.GetProperty("inputs");
        var outputs = decoder.GetProperty("outputs");
        var defaults = new DecoderIoNames();
        var names = new DecoderIoNames(
            Text(inputs, "input_ids", defaults.InputIds),
            Text(inputs, "attention_mask", defaults.AttentionMask),
            Text(inputs, "position_ids", defaults.PositionIds),
            Text(inputs, "past_key_names", defaults.PastKeyNames),
            Text(inputs, "past_value_names", defaults.PastValueNames),
            Text(outputs, "logits", defaults.Logits),
            Text(outputs, "present_key_names", defaults.PresentKeyNames),
            Text(outputs, "present_value_names", defaults.PresentValueNames));
        var eos = model.GetProperty("eos_token_id");
        var eosIds = eos.ValueKind == JsonValueKind.Array ? [.. eos.EnumerateArray().Select(e => e.GetInt32())] : new[] { eos.GetInt32() };
        var contextLength = model.GetProperty("context_length").GetInt32();
        var search = document.RootElement.TryGetProperty("search", out var s) ? s : default;
        return new GenAiConfig(
            Text(model, "type", "unknown"),
            contextLength,
            search.ValueKind == JsonValueKind.Object && search.TryGetProperty("max_length", out var max) ? max.GetInt32() : contextLength,
            model.GetProperty("vocab_size").GetInt32(),
            model.TryGetProperty("bos_token_id", out var bos) ? bos.GetInt32() : eosIds[0],
            model.TryGetProperty("pad_token_id", out var pad) ? pad.GetInt32() : eosIds[0],
            eosIds,
            new GenAiDecoderConfig(
                Text(decoder, "filename", ModelFiles.Decoder),
                decoder.GetProperty("hidden_size").GetInt32(),
                decoder.GetProperty("num_attention_heads").GetInt32(),
                decoder.GetProperty("num_key_value_heads").GetInt32(),
                decoder.GetProperty("head_size").GetInt32(),
                decoder.GetProperty("num_hidden_layers").GetInt32(),
                names))
        {
            PagedAttention = inputs.TryGetProperty(PagedGraphNames.BlockTable, out _)
                ? new GenAiPagedAttention(PagedBlockSize(document.RootElement), inputs.TryGetProperty(PagedGraphNames.AttentionMetadata, out _))
                : null,
        };
    }

    private static int PagedBlockSize(JsonElement root) =>
        root.TryGetProperty("engine", out var engine) && engine.ValueKind == JsonValueKind.Object
        && engine.TryGetProperty("dynamic_batching", out var batching) && batching.ValueKind == JsonValueKind.Object
        && batching.TryGetProperty("block_size", out var size) && size.ValueKind == JsonValueKind.Number
            ? size.GetInt32()
            : GenAiPagedAttention.DefaultBlockSize;

    private static string Text(JsonElement element, string name, string fallback) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : fallback;
}
