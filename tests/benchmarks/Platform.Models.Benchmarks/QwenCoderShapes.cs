namespace Platform.Models.Benchmarks;

/// <summary>The config.json of the Qwen2.5-Coder base models, as published, for random-weight checkpoints of the exact shapes.</summary>
internal sealed record QwenCoderShapes(string Name, int HiddenSize, int IntermediateSize, int Layers, int Heads, int KvHeads)
{
    public const int VocabSize = 151936;

    public static readonly QwenCoderShapes HalfBillion = new("Qwen2.5-Coder-0.5B", 896, 4864, 24, 14, 2);
    public static readonly QwenCoderShapes OneAndAHalfBillion = new("Qwen2.5-Coder-1.5B", 1536, 8960, 28, 12, 2);

    public static QwenCoderShapes Parse(string name) => name switch
    {
        "0.5b" => HalfBillion,
        "1.5b" => OneAndAHalfBillion,
        _ => throw new ArgumentException($"Unknown model '{name}': use 0.5b or 1.5b."),
    };

    public string ConfigJson() => $$"""
        {
          "architectures": ["Qwen2ForCausalLM"],
          "attention_dropout": 0.0,
          "bos_token_id": 151643,
          "eos_token_id": 151643,
          "hidden_act": "silu",
          "hidden_size": {{HiddenSize}},
          "initializer_range": 0.02,
          "intermediate_size": {{IntermediateSize}},
          "max_position_embeddings": 32768,
          "max_window_layers": {{Layers}},
          "model_type": "qwen2",
          "num_attention_heads": {{Heads}},
          "num_hidden_layers": {{Layers}},
          "num_key_value_heads": {{KvHeads}},
          "rms_norm_eps": 1e-06,
          "rope_scaling": null,
          "rope_theta": 1000000.0,
          "sliding_window": 32768,
          "tie_word_embeddings": true,
          "torch_dtype": "bfloat16",
          "transformers_version": "4.44.0",
          "use_cache": true,
          "use_sliding_window": false,
          "vocab_size": {{VocabSize}}
        }
        """;
}
