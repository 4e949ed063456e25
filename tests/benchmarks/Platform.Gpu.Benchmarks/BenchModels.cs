using Platform.Inference.Graphs;
using Platform.Inference.TinyModel;

namespace Platform.Gpu.Benchmarks;

/// <summary>Generated model folders: the CPU graphs (TinyModel) and, beside them, the fp16 paged graph of the same weights.</summary>
internal static class BenchModels
{
    /// <summary>Qwen2.5-Coder-1.5B's shape (1.54B parameters) with generated weights; context cut to what the workload needs.</summary>
    public static TinyModelSpec Qwen15B { get; } = new()
    {
        HiddenSize = 1536,
        IntermediateSize = 8960,
        NumHiddenLayers = 28,
        NumAttentionHeads = 12,
        NumKeyValueHeads = 2,
        VocabSize = 151936,
        ContextLength = 4096,
        RopeTheta = 1_000_000f,
        TokenizerMerges = 700,
    };

    public static TinyModelSpec ForName(string name) => name switch
    {
        "qwen1.5b" => Qwen15B,
        "benchmark" => TinyModelSpec.Benchmark,
        "tiny" => TinyModelSpec.Default,
        _ => throw new ArgumentException($"Unknown spec {name}: qwen1.5b, benchmark or tiny."),
    };

    /// <summary>
    /// Writes (once) <c>{root}/cpu</c> (TinyModel folder: fp32 graphs and tokenizer) when <paramref name="withCpuGraphs"/>,
    /// and <c>{root}/gpu</c> (fp16 paged graph with logits_indices, genai_config.json, tokenizer) from the same weights.
    /// </summary>
    public static (string Cpu, string Gpu) Ensure(string root, TinyModelSpec spec, bool withCpuGraphs)
    {
        var (cpu, gpu) = (Path.Combine(root, "cpu"), Path.Combine(root, "gpu"));
        if (withCpuGraphs)
        {
            TinyModelWriter.EnsureCreated(cpu, spec);
        }
        else
        {
            // The tokenizer only: the engine needs one; its vocabulary does not depend on the model's shape.
            TinyModelWriter.EnsureCreated(Path.Combine(root, "tokenizer"), TinyModelSpec.Default with { TokenizerMerges = spec.TokenizerMerges });
        }

        var marker = Path.Combine(gpu, ".complete");
        if (!File.Exists(marker))
        {
            Directory.CreateDirectory(gpu);
            var arch = spec.Architecture;
            var weights = TinyModelWeights.Create(spec);
            var options = new PagedGraphOptions(BlockSize: 16, LogitsIndices: true);
            PagedAttentionGraphBuilder.WriteFolder(arch, name => weights[name].Data, options, gpu);
            var tokenizerFolder = withCpuGraphs ? cpu : Path.Combine(root, "tokenizer");
            var config = GenAiConfig.Load(Path.Combine(tokenizerFolder, GenAiConfig.FileName));
            using (var stream = File.Create(Path.Combine(gpu, GenAiConfig.FileName)))
            {
                GenAiConfig.For(arch, "qwen2", config.BosTokenId, config.PadTokenId, config.EosTokenIds,
                    new GenAiPagedAttention(options.BlockSize, options.AttentionMetadata)).Write(stream);
            }

            File.Copy(Path.Combine(tokenizerFolder, ModelFiles.Tokenizer), Path.Combine(gpu, ModelFiles.Tokenizer), overwrite: true);
            File.WriteAllText(marker, "");
        }

        return (cpu, gpu);
    }
}
