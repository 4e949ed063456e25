using Platform.Contracts.Generation;
using Platform.Inference.Graphs;
using Platform.Inference.Import;
using Platform.Inference.Runners;
using Platform.Inference.Tests.Graphs;

namespace Platform.Inference.Tests.Import;

[Collection(TinyModelGroup.Name)]
public sealed class HuggingFaceImporterTests(TinyModelFixture tiny) : IDisposable
{
    private static readonly int[] Tokens = [5, 300, 17, 900, 42, 42, 1000, 256, 7];

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"import-tests-{Guid.NewGuid():N}");

    [Theory]
    [InlineData(CheckpointStyle.Qwen2, SafetensorsDType.F32, 3)]
    [InlineData(CheckpointStyle.Qwen2, SafetensorsDType.BF16, 2)]
    [InlineData(CheckpointStyle.Llama, SafetensorsDType.F32, 2)]
    [InlineData(CheckpointStyle.Llama, SafetensorsDType.BF16, 3)]
    [InlineData(CheckpointStyle.Llama, SafetensorsDType.F16, 1)]
    internal void Imported_onnx_logits_match_an_independent_forward_pass_of_the_checkpoint_weights(
        CheckpointStyle style, SafetensorsDType dtype, int shards)
    {
        var weights = CheckpointFolder.Weights(style);
        var checkpoint = Path.Combine(_root, "hf");
        CheckpointFolder.Write(checkpoint, style, weights, dtype, shards, tiny.Directory);

        var output = Path.Combine(_root, "onnx");
        HuggingFaceImporter.Import(checkpoint, output);

        // The reference runs on the weights as stored (bf16/f16-rounded), which the import must carry over exactly.
        var reference = new ReferenceDecoder(CheckpointFolder.Architecture(style), CheckpointFolder.Rounded(weights, dtype)).Forward(Tokens);
        var config = GenAiConfig.Load(Path.Combine(output, GenAiConfig.FileName));
        using var runner = new DecoderSession(Path.Combine(output, config.Decoder.Filename), config.Decoder, config.VocabSize);
        using var result = runner.Run(DecoderStepInput.Single(Tokens, 0), runner.CreateEmptyPast(1));
        for (var position = 0; position < Tokens.Length; position++)
        {
            LogitAssert.Close(reference[position], result.Logits(0, position), 1e-4f, $"{style}/{dtype} position {position}");
        }
    }

    [Fact]
    public void Model_folder_holds_the_graph_genai_config_and_the_checkpoint_files()
    {
        var checkpoint = Path.Combine(_root, "hf");
        CheckpointFolder.Write(checkpoint, CheckpointStyle.Llama, CheckpointFolder.Weights(CheckpointStyle.Llama), SafetensorsDType.BF16, 2, tiny.Directory);

        var result = HuggingFaceImporter.Import(checkpoint, Path.Combine(_root, "onnx"));

        Assert.Equal("LlamaForCausalLM", result.Architecture);
        Assert.Equal(
            ["config.json", "genai_config.json", "generation_config.json", "model.onnx", "model.onnx.data", "model.paged.onnx", "tokenizer.json", "tokenizer_config.json"],
            Directory.GetFiles(result.OutputDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var config = GenAiConfig.Load(Path.Combine(result.OutputDirectory, GenAiConfig.FileName));
        Assert.Equal("llama", config.ModelType);
        Assert.Equal([1016, 1018], config.EosTokenIds);
        Assert.Equal(1016, config.BosTokenId);
        Assert.Equal((1024, 512, 2, 16), (config.VocabSize, config.ContextLength, config.Decoder.NumKeyValueHeads, config.Decoder.HeadSize));
    }

    [Fact]
    public async Task Imported_model_serves_the_same_greedy_text_through_the_paged_and_the_standard_graph()
    {
        var checkpoint = Path.Combine(_root, "hf");
        CheckpointFolder.Write(checkpoint, CheckpointStyle.Qwen2, CheckpointFolder.Weights(CheckpointStyle.Qwen2), SafetensorsDType.F32, 1, tiny.Directory);
        var output = HuggingFaceImporter.Import(checkpoint, Path.Combine(_root, "onnx")).OutputDirectory;
        var request = new TextGenerationRequest("r", "def add(a, b):", new SamplingSettings { MaxTokens = 12, IgnoreEndOfSequence = true });

        var standardOnly = Path.Combine(_root, "standard-only");
        TinyModelFixture.CopyWithoutPagedGraph(output, standardOnly);
        await using var engine = EngineTextGenerator.Load(output, "imported");
        await using var simple = EngineTextGenerator.Load(standardOnly, "imported");

        var fromEngine = string.Concat(await engine.GenerateAsync(request).Select(chunk => chunk.Text).ToListAsync());
        var fromSimple = string.Concat(await simple.GenerateAsync(request).Select(chunk => chunk.Text).ToListAsync());
        Assert.Equal(fromSimple, fromEngine);
        Assert.NotEmpty(fromEngine);
    }

    [Fact]
    public void Unsupported_architecture_is_rejected_by_name()
    {
        var checkpoint = WriteQwen2(config => config.Replace("Qwen2ForCausalLM", "MistralForCausalLM", StringComparison.Ordinal));

        var error = Assert.Throws<NotSupportedException>(() => HuggingFaceImporter.Import(checkpoint, Path.Combine(_root, "onnx")));

        Assert.Contains("MistralForCausalLM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rope_scaling_parameters_are_read_from_config_json_and_unknown_types_are_rejected()
    {
        var longrope = WriteQwen2(c => c.Replace("\"use_sliding_window\"", "\"rope_scaling\": {\"type\": \"longrope\", \"factor\": 4.0}, \"use_sliding_window\"", StringComparison.Ordinal));
        Assert.Contains("'longrope'", Assert.Throws<NotSupportedException>(() => HuggingFaceImporter.Import(longrope, Path.Combine(_root, "a"))).Message, StringComparison.Ordinal);

        Directory.Delete(Path.Combine(_root, "hf"), recursive: true);
        var llama3 = WriteQwen2(c => c.Replace("\"use_sliding_window\"",
            "\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0, \"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0, \"original_max_position_embeddings\": 64}, \"use_sliding_window\"",
            StringComparison.Ordinal));
        Assert.Equal(new RopeScaling(RopeScaling.Llama3, 8, 64, 1, 4), HuggingFaceModelConfig.Load(llama3).Decoder.RopeScaling);
        // Every graph the importer writes takes the scaling: the CPU import now succeeds.
        HuggingFaceImporter.Import(llama3, Path.Combine(_root, "b"));

        Directory.Delete(Path.Combine(_root, "hf"), recursive: true);
        var yarn = WriteQwen2(c => c.Replace("\"use_sliding_window\"",
            "\"rope_scaling\": {\"type\": \"yarn\", \"factor\": 4.0, \"beta_fast\": 16, \"mscale\": 0.7, \"mscale_all_dim\": 1.0}, \"use_sliding_window\"",
            StringComparison.Ordinal));
        var config = HuggingFaceModelConfig.Load(yarn).Decoder;
        Assert.Equal((RopeScaling.Yarn, 4.0, 16.0, 1.0, 0.7, 1.0), (config.RopeScaling.Type, config.RopeScaling.Factor, config.RopeScaling.BetaFast,
            config.RopeScaling.BetaSlow, config.RopeScaling.Mscale!.Value, config.RopeScaling.MscaleAllDim!.Value));
        Assert.Equal(config.MaxPositionEmbeddings, config.RopeScaling.OriginalMaxPositions);
    }

    [Fact]
    public void Missing_tensor_is_named()
    {
        var weights = CheckpointFolder.Weights(CheckpointStyle.Qwen2);
        var partial = new DecoderWeights(weights.Tensors.Where(t => t.Key != "model.layers.1.self_attn.k_proj.bias").ToDictionary());
        var checkpoint = Path.Combine(_root, "hf");
        CheckpointFolder.Write(checkpoint, CheckpointStyle.Qwen2, partial, SafetensorsDType.F32, 2, tiny.Directory);

        var error = Assert.Throws<InvalidDataException>(() => HuggingFaceImporter.Import(checkpoint, Path.Combine(_root, "onnx")));

        Assert.Contains("model.layers.1.self_attn.k_proj.bias", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_mismatch_between_config_and_tensor_is_reported()
    {
        var checkpoint = WriteQwen2(c => c.Replace("\"intermediate_size\": 128", "\"intermediate_size\": 96", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => HuggingFaceImporter.Import(checkpoint, Path.Combine(_root, "onnx")));

        Assert.Contains("mlp.", error.Message, StringComparison.Ordinal);
        Assert.Contains("[128, 64]", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string WriteQwen2(Func<string, string> editConfig)
    {
        var arch = CheckpointFolder.Architecture(CheckpointStyle.Qwen2);
        var checkpoint = Path.Combine(_root, "hf");
        CheckpointFolder.Write(checkpoint, CheckpointStyle.Qwen2, CheckpointFolder.Weights(CheckpointStyle.Qwen2), SafetensorsDType.F32, 1,
            tiny.Directory, editConfig(CheckpointFolder.Config(CheckpointStyle.Qwen2, arch, SafetensorsDType.F32)));
        return checkpoint;
    }
}
