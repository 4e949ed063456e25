using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Runners;

namespace Platform.Gpu.Benchmarks;

internal static class Runners
{
    /// <summary>The runner under test: CUDA over the fp16 paged graph, or (--provider cpu, for smoke runs) the CPU runner.</summary>
    public static IModelRunner Create(string provider, (string Cpu, string Gpu) folders, GenAiConfig config, int numBlocks, int blockSize) =>
        provider == "cuda"
            ? new CudaPagedModelRunner(Path.Combine(folders.Gpu, config.Decoder.Filename), config.Decoder, config.VocabSize, numBlocks, blockSize, new CudaProviderSettings())
            : Reference(folders.Cpu, config, numBlocks, blockSize);

    /// <summary>The fp32 CPU runner the GPU runner is checked against.</summary>
    public static PagedModelRunner Reference(string cpuFolder, GenAiConfig config, int numBlocks, int blockSize) =>
        new(Path.Combine(cpuFolder, ModelFiles.PagedDecoder), config.Decoder, config.VocabSize, numBlocks * blockSize);
}
