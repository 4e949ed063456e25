using Platform.Inference.Engine;
using Platform.Inference.Graphs;

namespace Platform.Inference.Runners;

/// <summary>
/// Picks the engine's model runner: the CUDA runner over the fp16 PagedAttention graph when
/// <see cref="EngineOptions.ExecutionProvider"/> is <c>cuda</c>, or <c>auto</c> and the folder was imported for the GPU;
/// on the CPU the paged graph when the folder has one, else the standard past/present graph that ONNX Runtime GenAI's
/// model builder exports for the CPU.
/// </summary>
internal static class ModelRunnerFactory
{
    /// <exception cref="FileNotFoundException">The folder lacks the graph the chosen provider runs.</exception>
    /// <exception cref="NotSupportedException">The CPU was asked to run a folder that has only the CUDA graph.</exception>
    /// <exception cref="ArgumentException">The CUDA runner was chosen with a KV block size the PagedAttention kernel rejects.</exception>
    public static RunnerPlan Plan(string modelDirectory, GenAiConfig config, EngineOptions options)
    {
        var cuda = options.ExecutionProvider == EngineOptions.CudaProvider
            || (options.ExecutionProvider == EngineOptions.AutoProvider && config.PagedAttention is not null);
        if (cuda && !PagedAttentionBlockSizes.IsAccepted(options.BlockSize))
        {
            throw new ArgumentException(
                $"Worker:Engine:BlockSize {options.BlockSize} cannot serve {modelDirectory} on CUDA: {PagedAttentionBlockSizes.Rule}.", nameof(options));
        }

        if (cuda)
        {
            var graph = Path.Combine(modelDirectory, config.Decoder.Filename);
            return config.PagedAttention is not null && File.Exists(graph)
                ? new RunnerPlan(RunnerKind.CudaPaged, graph, sizeof(ushort))
                : throw new FileNotFoundException(
                    $"ExecutionProvider 'cuda' runs the fp16 PagedAttention graph (genai_config.json naming a block_table input, as "
                    + $"ORT GenAI's builder writes with use_paged_attention=true or the importer's GPU target), and {modelDirectory} has none.",
                    Path.Combine(modelDirectory, GenAiConfig.FileName));
        }

        var paged = Path.Combine(modelDirectory, ModelFiles.PagedDecoder);
        if (File.Exists(paged))
        {
            return new RunnerPlan(RunnerKind.CpuPaged, paged, sizeof(float));
        }

        if (config.PagedAttention is not null)
        {
            throw new NotSupportedException(
                $"{modelDirectory} holds the fp16 PagedAttention graph, which runs on CUDA only: set ExecutionProvider to 'cuda', or import the model for the CPU.");
        }

        var standard = Path.Combine(modelDirectory, config.Decoder.Filename);
        return File.Exists(standard)
            ? new RunnerPlan(RunnerKind.StandardGraph, standard, sizeof(float))
            : throw new FileNotFoundException(
                $"{modelDirectory} has neither the paged graph {ModelFiles.PagedDecoder} nor the decoder graph {config.Decoder.Filename} its genai_config.json names.",
                standard);
    }

    /// <exception cref="ExecutionProviderUnavailableException">CUDA was asked for and ONNX Runtime cannot load it.</exception>
    public static IModelRunner Create(RunnerPlan plan, GenAiConfig config, int numBlocks, EngineOptions options) => plan.Kind switch
    {
        RunnerKind.CudaPaged => new CudaPagedModelRunner(plan.GraphPath, config.Decoder, config.VocabSize, numBlocks, options.BlockSize,
            new CudaProviderSettings(options.CudaDeviceId), plan.HostBlocksFor(config.Decoder, options)),
        RunnerKind.CpuPaged => new PagedModelRunner(plan.GraphPath, config.Decoder, config.VocabSize, numBlocks * options.BlockSize, options.IntraOpThreads,
            options.BlockSize, plan.HostBlocksFor(config.Decoder, options)),
        _ => new StandardGraphModelRunner(plan.GraphPath, config.Decoder, config.VocabSize, options.IntraOpThreads),
    };
}
