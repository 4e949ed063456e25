using System.Text.Json;
using Platform.Inference.Models;

namespace Platform.Inference.Gpu;

/// <summary>
/// genai_config.json of a paged fp16 model, shaped as ONNX Runtime GenAI's model builder writes it with
/// use_paged_attention=true: the paged inputs, the CUDA provider, shared past/present buffers and the
/// engine.dynamic_batching section with the KV block size.
/// </summary>
internal static class PagedGenAiConfigWriter
{
    public static void Write(
        Stream destination, DecoderArchitecture arch, string modelType, int bosTokenId, int padTokenId,
        IReadOnlyList<int> eosTokenIds, PagedGraphOptions options)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("model");
        json.WriteNumber("bos_token_id", bosTokenId);
        json.WriteNumber("context_length", arch.MaxPositionEmbeddings);
        json.WriteStartObject("decoder");
        json.WriteStartObject("session_options");
        json.WriteString("log_id", "onnxruntime-genai");
        json.WriteStartArray("provider_options");
        json.WriteStartObject();
        json.WriteStartObject("cuda");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteString("filename", TinyModel.ModelFileName);
        json.WriteNumber("head_size", arch.HeadSize);
        json.WriteNumber("hidden_size", arch.HiddenSize);
        json.WriteStartObject("inputs");
        json.WriteString("input_ids", PagedGraphNames.InputIds);
        json.WriteString("block_table", PagedGraphNames.BlockTable);
        json.WriteString("cumulative_sequence_lengths", PagedGraphNames.CumulativeSequenceLengths);
        json.WriteString("past_sequence_lengths", PagedGraphNames.PastSequenceLengths);
        if (options.AttentionMetadata)
        {
            json.WriteString("attention_metadata", PagedGraphNames.AttentionMetadata);
        }

        json.WriteString("past_key_names", "past_key_values.%d.key");
        json.WriteString("past_value_names", "past_key_values.%d.value");
        json.WriteEndObject();
        json.WriteStartObject("outputs");
        json.WriteString("logits", PagedGraphNames.Logits);
        json.WriteString("present_key_names", "present.%d.key");
        json.WriteString("present_value_names", "present.%d.value");
        json.WriteEndObject();
        json.WriteNumber("num_attention_heads", arch.NumAttentionHeads);
        json.WriteNumber("num_hidden_layers", arch.NumHiddenLayers);
        json.WriteNumber("num_key_value_heads", arch.NumKeyValueHeads);
        json.WriteEndObject();
        if (eosTokenIds.Count == 1)
        {
            json.WriteNumber("eos_token_id", eosTokenIds[0]);
        }
        else
        {
            json.WriteStartArray("eos_token_id");
            foreach (var id in eosTokenIds)
            {
                json.WriteNumberValue(id);
            }

            json.WriteEndArray();
        }

        json.WriteNumber("pad_token_id", padTokenId);
        json.WriteString("type", modelType);
        json.WriteNumber("vocab_size", arch.VocabSize);
        json.WriteEndObject();
        json.WriteStartObject("search");
        json.WriteBoolean("do_sample", false);
        json.WriteNumber("max_length", arch.MaxPositionEmbeddings);
        json.WriteNumber("min_length", 0);
        json.WriteNumber("num_beams", 1);
        json.WriteNumber("num_return_sequences", 1);
        json.WriteBoolean("past_present_share_buffer", true);
        json.WriteNumber("repetition_penalty", 1.0);
        json.WriteNumber("temperature", 1.0);
        json.WriteNumber("top_k", 1);
        json.WriteNumber("top_p", 1.0);
        json.WriteEndObject();
        json.WriteStartObject("engine");
        json.WriteStartObject("dynamic_batching");
        json.WriteNumber("block_size", options.BlockSize);
        json.WriteNumber("gpu_utilization_factor", 0.6);
        json.WriteNumber("max_batch_size", 100);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
