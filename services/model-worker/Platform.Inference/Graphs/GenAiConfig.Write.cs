using System.Text.Json;

namespace Platform.Inference.Graphs;

internal sealed partial record GenAiConfig
{
    /// <summary>
    /// Writes the file as ORT GenAI's model builder does: the standard decoder for the CPU, or with
    /// <see cref="PagedAttention"/> the paged inputs, the CUDA provider, shared past/present buffers and the
    /// engine.dynamic_batching section with the KV block size.
    /// </summary>
    public void Write(Stream destination)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("model");
        json.WriteNumber("bos_token_id", BosTokenId);
        json.WriteNumber("context_length", ContextLength);
        WriteDecoder(json);
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
        WriteSearch(json);
        if (PagedAttention is { } paged)
        {
            json.WriteStartObject("engine");
            json.WriteStartObject("dynamic_batching");
            json.WriteNumber("block_size", paged.BlockSize);
            json.WriteNumber("gpu_utilization_factor", 0.6);
            json.WriteNumber("max_batch_size", 100);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private void WriteDecoder(Utf8JsonWriter json)
    {
        var names = Decoder.Names;
        json.WriteStartObject("decoder");
        json.WriteStartObject("session_options");
        json.WriteString("log_id", "onnxruntime-genai");
        json.WriteStartArray("provider_options");
        if (PagedAttention is not null)
        {
            json.WriteStartObject();
            json.WriteStartObject("cuda");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteString("filename", Decoder.Filename);
        json.WriteNumber("head_size", Decoder.HeadSize);
        json.WriteNumber("hidden_size", Decoder.HiddenSize);
        json.WriteStartObject("inputs");
        json.WriteString("input_ids", names.InputIds);
        if (PagedAttention is { } paged)
        {
            json.WriteString("block_table", PagedGraphNames.BlockTable);
            json.WriteString("cumulative_sequence_lengths", PagedGraphNames.CumulativeSequenceLengths);
            json.WriteString("past_sequence_lengths", PagedGraphNames.PastSequenceLengths);
            if (paged.AttentionMetadata)
            {
                json.WriteString("attention_metadata", PagedGraphNames.AttentionMetadata);
            }
        }
        else
        {
            json.WriteString("attention_mask", names.AttentionMask);
            json.WriteString("position_ids", names.PositionIds);
        }

        json.WriteString("past_key_names", names.PastKeyNames);
        json.WriteString("past_value_names", names.PastValueNames);
        json.WriteEndObject();
        json.WriteStartObject("outputs");
        json.WriteString("logits", names.Logits);
        json.WriteString("present_key_names", names.PresentKeyNames);
        json.WriteString("present_value_names", names.PresentValueNames);
        json.WriteEndObject();
        json.WriteNumber("num_attention_heads", Decoder.NumAttentionHeads);
        json.WriteNumber("num_hidden_layers", Decoder.NumHiddenLayers);
        json.WriteNumber("num_key_value_heads", Decoder.NumKeyValueHeads);
        json.WriteEndObject();
    }

    private void WriteSearch(Utf8JsonWriter json)
    {
        json.WriteStartObject("search");
        json.WriteBoolean("do_sample", false);
        json.WriteNumber("max_length", MaxLength);
        json.WriteNumber("min_length", 0);
        json.WriteNumber("num_beams", 1);
        json.WriteNumber("num_return_sequences", 1);
        json.WriteBoolean("past_present_share_buffer", PagedAttention is not null);
        json.WriteNumber("repetition_penalty", 1.0);
        json.WriteNumber("temperature", 1.0);
        json.WriteNumber("top_k", 1);
        json.WriteNumber("top_p", 1.0);
        json.WriteEndObject();
    }
}
