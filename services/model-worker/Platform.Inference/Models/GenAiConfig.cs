using System.Globalization;
using System.Text.Json;

namespace Platform.Inference.Models;

/// <summary>Names of the decoder graph's inputs and outputs; the KV names hold "%d" for the layer index.</summary>
internal sealed record DecoderIoNames(
    string InputIds = "input_ids",
    string AttentionMask = "attention_mask",
    string PositionIds = "position_ids",
    string PastKeyNames = "past_key_values.%d.key",
    string PastValueNames = "past_key_values.%d.value",
    string Logits = "logits",
    string PresentKeyNames = "present.%d.key",
    string PresentValueNames = "present.%d.value")
{
    public string PastKey(int layer) => Format(PastKeyNames, layer);

    public string PastValue(int layer) => Format(PastValueNames, layer);

    public string PresentKey(int layer) => Format(PresentKeyNames, layer);

    public string PresentValue(int layer) => Format(PresentValueNames, layer);

    private static string Format(string pattern, int layer) =>
        pattern.Replace("%d", layer.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

/// <summary>The decoder section of genai_config.json.</summary>
internal sealed record GenAiDecoderConfig(
    string Filename,
    int HiddenSize,
    int NumAttentionHeads,
    int NumKeyValueHeads,
    int HeadSize,
    int NumHiddenLayers,
    DecoderIoNames Names);

/// <summary>
/// The parts of ONNX Runtime GenAI's genai_config.json this engine uses. eos_token_id may be a number or a list.
/// </summary>
internal sealed record GenAiConfig(
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
                Text(decoder, "filename", "model.onnx"),
                decoder.GetProperty("hidden_size").GetInt32(),
                decoder.GetProperty("num_attention_heads").GetInt32(),
                decoder.GetProperty("num_key_value_heads").GetInt32(),
                decoder.GetProperty("head_size").GetInt32(),
                decoder.GetProperty("num_hidden_layers").GetInt32(),
                names));
    }

    public void Write(Stream destination)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("model");
        json.WriteNumber("bos_token_id", BosTokenId);
        json.WriteNumber("context_length", ContextLength);
        json.WriteStartObject("decoder");
        json.WriteStartObject("session_options");
        json.WriteString("log_id", "onnxruntime-genai");
        json.WriteStartArray("provider_options");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteString("filename", Decoder.Filename);
        json.WriteNumber("head_size", Decoder.HeadSize);
        json.WriteNumber("hidden_size", Decoder.HiddenSize);
        json.WriteStartObject("inputs");
        json.WriteString("input_ids", Decoder.Names.InputIds);
        json.WriteString("attention_mask", Decoder.Names.AttentionMask);
        json.WriteString("position_ids", Decoder.Names.PositionIds);
        json.WriteString("past_key_names", Decoder.Names.PastKeyNames);
        json.WriteString("past_value_names", Decoder.Names.PastValueNames);
        json.WriteEndObject();
        json.WriteStartObject("outputs");
        json.WriteString("logits", Decoder.Names.Logits);
        json.WriteString("present_key_names", Decoder.Names.PresentKeyNames);
        json.WriteString("present_value_names", Decoder.Names.PresentValueNames);
        json.WriteEndObject();
        json.WriteNumber("num_attention_heads", Decoder.NumAttentionHeads);
        json.WriteNumber("num_hidden_layers", Decoder.NumHiddenLayers);
        json.WriteNumber("num_key_value_heads", Decoder.NumKeyValueHeads);
        json.WriteEndObject();
        if (EosTokenIds.Count == 1)
        {
            json.WriteNumber("eos_token_id", EosTokenIds[0]);
        }
        else
        {
            json.WriteStartArray("eos_token_id");
            foreach (var id in EosTokenIds)
            {
                json.WriteNumberValue(id);
            }

            json.WriteEndArray();
        }

        json.WriteNumber("pad_token_id", PadTokenId);
        json.WriteString("type", ModelType);
        json.WriteNumber("vocab_size", VocabSize);
        json.WriteEndObject();
        json.WriteStartObject("search");
        json.WriteBoolean("do_sample", false);
        json.WriteNumber("max_length", MaxLength);
        json.WriteNumber("min_length", 0);
        json.WriteNumber("num_beams", 1);
        json.WriteNumber("num_return_sequences", 1);
        json.WriteBoolean("past_present_share_buffer", false);
        json.WriteNumber("repetition_penalty", 1.0);
        json.WriteNumber("temperature", 1.0);
        json.WriteNumber("top_k", 1);
        json.WriteNumber("top_p", 1.0);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Text(JsonElement element, string name, string fallback) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : fallback;
}
