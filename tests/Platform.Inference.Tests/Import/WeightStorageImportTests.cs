using System.Globalization;
using Platform.Contracts.Generation;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Import;
using Platform.Inference.Runners;
using Platform.Inference.Tests.Graphs;

namespace Platform.Inference.Tests.Import;

/// <summary>How an import stores weights: page-aligned external data shared by both graphs, and MatMulNBits quantisation.</summary>
[Collection(TinyModelGroup.Name)]
public sealed class WeightStorageImportTests(TinyModelFixture tiny) : IDisposable
{
    private static readonly int[] Tokens = [5, 300, 17, 900, 42, 42, 1000, 256, 7];

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"weight-import-tests-{Guid.NewGuid():N}");

    [Fact]
    public void Every_weight_of_both_graphs_lies_page_aligned_in_one_shared_external_data_file()
    {
        var output = Import(CheckpointStyle.Llama, ModelQuantization.None);

        var standard = OnnxModelReader.Read(File.ReadAllBytes(Path.Combine(output, ModelFiles.Decoder)));
        var paged = OnnxModelReader.Read(File.ReadAllBytes(Path.Combine(output, ModelFiles.PagedDecoder)));
        foreach (var graph in new[] { standard, paged })
        {
            var large = graph.Initializers.Where(i => i.RawBytes >= 1024 || i.DataLocation == 1).ToList();
            Assert.NotEmpty(large);
            Assert.All(large, i =>
            {
                Assert.Equal(1, i.DataLocation);
                Assert.Equal(ModelFiles.ExternalData, i.External["location"]);
                Assert.Equal(0, long.Parse(i.External["offset"], CultureInfo.InvariantCulture) % 4096);
            });
        }

        // Shared: the paged graph points at the very bytes the standard graph stored for the same weight.
        var embedding = standard.Initializers.Single(i => i.Name == "model.embed_tokens.weight");
        Assert.Equal(embedding.External, paged.Initializers.Single(i => i.Name == "model.embed_tokens.weight").External);
        var weightBytes = standard.Initializers.Where(i => i.DataLocation == 1).Sum(i => long.Parse(i.External["length"], CultureInfo.InvariantCulture));
        Assert.True(new FileInfo(Path.Combine(output, ModelFiles.ExternalData)).Length < weightBytes + (4096L * standard.Initializers.Count),
            "The data file holds each weight once.");
        Assert.True(new FileInfo(Path.Combine(output, ModelFiles.Decoder)).Length < 64 * 1024, "model.onnx holds the graph, not the weights.");
    }

    [Theory]
    [InlineData(ModelQuantization.EightBit, 8)]
    [InlineData(ModelQuantization.FourBit, 4)]
    internal void Quantised_import_computes_the_logits_of_its_dequantised_weights(ModelQuantization quantization, int bits)
    {
        // accuracy_level 0: fp32 compute, so the graph must equal a forward pass over the dequantised weights.
        var output = Import(CheckpointStyle.Qwen2, quantization, accuracyLevel: 0);

        var graph = OnnxModelReader.Read(File.ReadAllBytes(Path.Combine(output, ModelFiles.Decoder)));
        var quantized = graph.Nodes.Where(n => n.OpType == "MatMulNBits").ToList();
        Assert.Equal((7 * 2) + 1, quantized.Count);
        Assert.All(quantized, n => Assert.Equal(("com.microsoft", bits, 32L), (n.Domain, (int)n.Int("bits"), n.Int("block_size"))));
        Assert.DoesNotContain(graph.Nodes, n => n.OpType == "MatMul" && n.Inputs.Any(i => i.EndsWith(".weight", StringComparison.Ordinal)));

        var settings = new WeightQuantization(bits, 32, 0);
        var weights = CheckpointFolder.Weights(CheckpointStyle.Qwen2);
        var dequantised = new DecoderWeights(weights.Tensors.ToDictionary(t => t.Key, t =>
            t.Key.EndsWith("proj.weight", StringComparison.Ordinal) || t.Key == "lm_head.weight"
                ? new WeightTensor(BlockQuantizer.Dequantize(BlockQuantizer.Quantize(t.Value.Data, t.Value.Shape[0], t.Value.Shape[1], settings)), t.Value.Shape)
                : t.Value));
        var reference = new ReferenceDecoder(CheckpointFolder.Architecture(CheckpointStyle.Qwen2), dequantised).Forward(Tokens);
        var config = GenAiConfig.Load(Path.Combine(output, GenAiConfig.FileName));
        using var runner = new DecoderSession(Path.Combine(output, ModelFiles.Decoder), config.Decoder, config.VocabSize);
        using var result = runner.Run(DecoderStepInput.Single(Tokens, 0), runner.CreateEmptyPast(1));
        for (var position = 0; position < Tokens.Length; position++)
        {
            LogitAssert.Close(reference[position], result.Logits(0, position), 1e-3f, $"int{bits} position {position}");
        }
    }

    [Fact]
    public async Task Four_bit_import_serves_through_the_engine_from_a_smaller_data_file()
    {
        var fp32 = Import(CheckpointStyle.Llama, ModelQuantization.None, name: "fp32");
        var int4 = Import(CheckpointStyle.Llama, ModelQuantization.FourBit, name: "int4");

        await using var engine = EngineTextGenerator.Load(int4, "int4", new EngineOptions { IntraOpThreads = 1 });
        var request = new TextGenerationRequest("r", "def add(a, b):", new SamplingSettings { MaxTokens = 8, IgnoreEndOfSequence = true });
        var chunks = await engine.GenerateAsync(request).ToListAsync();

        Assert.IsType<PagedModelRunner>(engine.Runner);
        Assert.Equal(8, chunks[^1].CompletionTokens);
        // Only the tied embedding stays fp32 here; every linear layer and the lm_head shrink about eightfold.
        Assert.True(new FileInfo(Path.Combine(int4, ModelFiles.ExternalData)).Length < 0.6 * new FileInfo(Path.Combine(fp32, ModelFiles.ExternalData)).Length);
    }

    [Fact]
    public void Quantisation_settings_outside_the_operator_are_rejected()
    {
        var checkpoint = Path.Combine(_root, "hf");
        CheckpointFolder.Write(checkpoint, CheckpointStyle.Qwen2, CheckpointFolder.Weights(CheckpointStyle.Qwen2), SafetensorsDType.F32, 1, tiny.Directory);

        var blockSize = Assert.Throws<ArgumentException>(() => HuggingFaceImporter.Import(checkpoint, Path.Combine(_root, "a"),
            new ModelImportOptions { Quantization = ModelQuantization.FourBit, QuantizationBlockSize = 24 }));
        var gpu = Assert.Throws<NotSupportedException>(() => HuggingFaceImporter.Import(checkpoint, Path.Combine(_root, "b"),
            new ModelImportOptions { Quantization = ModelQuantization.EightBit, Target = ModelImportTarget.GpuPagedFloat16 }));

        Assert.Contains("power of two", blockSize.Message, StringComparison.Ordinal);
        Assert.Contains("CPU", gpu.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Import(CheckpointStyle style, ModelQuantization quantization, int accuracyLevel = 4, string name = "onnx")
    {
        var checkpoint = Path.Combine(_root, $"hf-{name}");
        CheckpointFolder.Write(checkpoint, style, CheckpointFolder.Weights(style), SafetensorsDType.F32, 2, tiny.Directory);
        return HuggingFaceImporter.Import(checkpoint, Path.Combine(_root, name),
            new ModelImportOptions { Quantization = quantization, QuantizationAccuracyLevel = accuracyLevel }).OutputDirectory;
    }
}
