using System.Text.Json;
using Platform.Inference.Graphs;

namespace Platform.Inference.TinyModel;

/// <summary>Writes the Hugging Face config.json and tokenizer_config.json of a Qwen2-architecture model.</summary>
internal static class HuggingFaceConfigWriter
{
    public static void WriteConfig(Stream destination, DecoderArchitecture arch, int bosTokenId, int eosTokenId)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("architectures");
        json.WriteStringValue("Qwen2ForCausalLM");
        json.WriteEndArray();
        json.WriteNumber("attention_dropout", 0.0);
        json.WriteNumber("bos_token_id", bosTokenId);
        json.WriteNumber("eos_token_id", eosTokenId);
        json.WriteString("hidden_act", "silu");
        json.WriteNumber("hidden_size", arch.HiddenSize);
        json.WriteNumber("initializer_range", 0.02);
        json.WriteNumber("intermediate_size", arch.IntermediateSize);
        json.WriteNumber("max_position_embeddings", arch.MaxPositionEmbeddings);
        json.WriteNumber("max_window_layers", arch.NumHiddenLayers);
        json.WriteString("model_type", "qwen2");
        json.WriteNumber("num_attention_heads", arch.NumAttentionHeads);
        json.WriteNumber("num_hidden_layers", arch.NumHiddenLayers);
        json.WriteNumber("num_key_value_heads", arch.NumKeyValueHeads);
        json.WriteNumber("rms_norm_eps", arch.RmsNormEps);
        json.WriteNumber("rope_theta", arch.RopeTheta);
        json.WriteNull("sliding_window");
        json.WriteBoolean("tie_word_embeddings", arch.TieWordEmbeddings);
        json.WriteString("torch_dtype", "float32");
        json.WriteBoolean("use_cache", true);
        json.WriteBoolean("use_sliding_window", false);
        json.WriteNumber("vocab_size", arch.VocabSize);
        json.WriteEndObject();
    }

    public static void WriteTokenizerConfig(Stream destination, int modelMaxLength, string eosToken, string padToken)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteBoolean("add_bos_token", false);
        json.WriteBoolean("add_prefix_space", false);
        json.WriteNull("bos_token");
        json.WriteBoolean("clean_up_tokenization_spaces", false);
        json.WriteString("eos_token", eosToken);
        json.WriteNumber("model_max_length", modelMaxLength);
        json.WriteString("pad_token", padToken);
        json.WriteString("tokenizer_class", "Qwen2Tokenizer");
        json.WriteEndObject();
    }
}
