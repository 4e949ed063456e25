using System.Globalization;
using Platform.Inference.Graphs;
using Platform.Inference.Import;
using Platform.Inference.TinyModel;

namespace Platform.Inference.Tests.Import;

/// <summary>
/// Writes a Hugging Face-format checkpoint folder (config.json, generation_config.json, sharded *.safetensors with
/// model.safetensors.index.json, tokenizer files) from generated weights, the way transformers' save_pretrained lays it out.
/// </summary>
internal static class CheckpointFolder
{
    public static DecoderArchitecture Architecture(CheckpointStyle style) =>
        TinyModelSpec.Default.Architecture with
        {
            AttentionBias = style == CheckpointStyle.Qwen2,
            TieWordEmbeddings = style == CheckpointStyle.Llama,
            RopeTheta = style == CheckpointStyle.Llama ? 100000f : 10000f,
        };

    /// <summary>The generated weights the checkpoint holds, minus what the style lacks (biases, a separate lm_head).</summary>
    public static DecoderWeights Weights(CheckpointStyle style)
    {
        var all = TinyModelWeights.Create(TinyModelSpec.Default).Tensors;
        return new DecoderWeights(all
            .Where(t => style == CheckpointStyle.Qwen2 || !(t.Key.EndsWith(".bias", StringComparison.Ordinal) || t.Key == "lm_head.weight"))
            .ToDictionary(t => t.Key, t => t.Value));
    }

    /// <summary>The weights after a round trip through <paramref name="dtype"/>, i.e. what the checkpoint really stores.</summary>
    public static DecoderWeights Rounded(DecoderWeights weights, SafetensorsDType dtype) => new(weights.Tensors.ToDictionary(
        t => t.Key,
        t => new WeightTensor([.. t.Value.Data.Select(v => dtype switch
        {
            SafetensorsDType.BF16 => FloatFormats.RoundToBFloat16(v),
            SafetensorsDType.F16 => (float)(Half)v,
            _ => v,
        })], t.Value.Shape)));

    public static void Write(
        string directory, CheckpointStyle style, DecoderWeights weights, SafetensorsDType dtype, int shards,
        string tokenizerSource, string? configOverride = null)
    {
        Directory.CreateDirectory(directory);
        var arch = Architecture(style);
        File.WriteAllText(Path.Combine(directory, "config.json"), configOverride ?? Config(style, arch, dtype));
        File.WriteAllText(Path.Combine(directory, "generation_config.json"), """{ "bos_token_id": 1016, "eos_token_id": [1016, 1018] }""");
        File.Copy(Path.Combine(tokenizerSource, ModelFiles.Tokenizer), Path.Combine(directory, ModelFiles.Tokenizer));
        File.Copy(Path.Combine(tokenizerSource, ModelFiles.TokenizerConfig), Path.Combine(directory, ModelFiles.TokenizerConfig));

        var names = weights.Tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var tensors = names.Select(n => new SafetensorsTensor(n, dtype, [.. weights[n].Shape.Select(d => (long)d)], weights[n].Data)).ToList();
        if (shards == 1)
        {
            SafetensorsWriter.Write(Path.Combine(directory, SafetensorsCheckpoint.SingleFileName), tensors);
            return;
        }

        var map = new Dictionary<string, string>();
        var perShard = (tensors.Count + shards - 1) / shards;
        for (var shard = 0; shard < shards; shard++)
        {
            var file = string.Create(CultureInfo.InvariantCulture, $"model-{shard + 1:00000}-of-{shards:00000}.safetensors");
            var part = tensors.Skip(shard * perShard).Take(perShard).ToList();
            SafetensorsWriter.Write(Path.Combine(directory, file), part, new Dictionary<string, string> { ["format"] = "pt" });
            part.ForEach(t => map[t.Name] = file);
        }

        SafetensorsWriter.WriteIndex(Path.Combine(directory, SafetensorsCheckpoint.IndexFileName), map,
            tensors.Sum(t => t.Values.LongLength * (dtype == SafetensorsDType.F32 ? 4 : 2)));
    }

    public static string Config(CheckpointStyle style, DecoderArchitecture arch, SafetensorsDType dtype, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "architectures": ["{{(style == CheckpointStyle.Qwen2 ? "Qwen2ForCausalLM" : "LlamaForCausalLM")}}"],
          "model_type": "{{(style == CheckpointStyle.Qwen2 ? "qwen2" : "llama")}}",
          "hidden_act": "silu",
          "hidden_size": {{arch.HiddenSize}},
          "intermediate_size": {{arch.IntermediateSize}},
          "num_attention_heads": {{arch.NumAttentionHeads}},
          "num_key_value_heads": {{arch.NumKeyValueHeads}},
          "num_hidden_layers": {{arch.NumHiddenLayers}},
          "vocab_size": {{arch.VocabSize}},
          "max_position_embeddings": {{arch.MaxPositionEmbeddings}},
          "rms_norm_eps": {{arch.RmsNormEps:R}},
          "rope_theta": {{arch.RopeTheta:R}},
          "tie_word_embeddings": {{(arch.TieWordEmbeddings ? "true" : "false")}},
          {{(style == CheckpointStyle.Llama ? "\"attention_bias\": false, \"rope_scaling\": null," : "\"use_sliding_window\": false,")}}
          {{extra}}
          "bos_token_id": 1,
          "eos_token_id": 2,
          "torch_dtype": "{{(dtype == SafetensorsDType.BF16 ? "bfloat16" : dtype == SafetensorsDType.F16 ? "float16" : "float32")}}"
        }
        """);
}
