using Platform.Inference.Graphs;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Import;

/// <summary>
/// Imports a local Hugging Face checkpoint folder (config.json, *.safetensors in F32/F16/BF16, tokenizer.json) of a
/// Llama or Qwen2 model into a model folder the runners load: model.onnx (+ model.onnx.data for the GPU graph),
/// genai_config.json, and the checkpoint's config, generation config and tokenizer files.
/// </summary>
public static class HuggingFaceImporter
{
    /// <summary>Protobuf caps a message at 2 GB; the fp32 CPU graph keeps its weights inside model.onnx.</summary>
    public const long MaxEmbeddedGraphBytes = int.MaxValue - (64L << 20);

    private static readonly string[] CopiedFiles =
        [HuggingFaceModelConfig.FileName, HuggingFaceModelConfig.GenerationFileName, ModelFiles.Tokenizer,
         ModelFiles.TokenizerConfig, "special_tokens_map.json"];

    public static ModelImportResult Import(string checkpointDirectory, string outputDirectory, ModelImportOptions? options = null)
    {
        options ??= new ModelImportOptions();
        var config = HuggingFaceModelConfig.Load(checkpointDirectory);
        if (!File.Exists(Path.Combine(checkpointDirectory, ModelFiles.Tokenizer)))
        {
            throw new FileNotFoundException(
                $"{checkpointDirectory} has no {ModelFiles.Tokenizer}; the runner needs the fast-tokenizer file.");
        }

        // Refused now, with the reason, rather than when a worker first loads the folder.
        using (HuggingFaceTokenizer.Load(Path.Combine(checkpointDirectory, ModelFiles.Tokenizer)))
        {
        }

        var arch = config.Decoder;
        Directory.CreateDirectory(outputDirectory);
        using var checkpoint = SafetensorsCheckpoint.Open(checkpointDirectory);
        var written = new List<string>();
        if (options.Target == ModelImportTarget.CpuFloat32)
        {
            WriteCpuGraphs(checkpoint, arch, outputDirectory);
            written.AddRange([ModelFiles.Decoder, ModelFiles.PagedDecoder]);
            ModelFiles.WriteAtomically(outputDirectory, GenAiConfig.FileName, s => GenAiConfigOf(config).Write(s));
        }
        else
        {
            DecoderTensorLayout.Validate(checkpoint, arch);
            var paged = new PagedGraphOptions(options.PagedBlockSize, options.PagedAttentionMetadata, options.PagedLogitsIndices);
            PagedAttentionGraphBuilder.WriteFolder(arch, checkpoint.ReadFloat32, paged, outputDirectory);
            written.AddRange([ModelFiles.Decoder, ModelFiles.ExternalData]);
            var pagedAttention = new GenAiPagedAttention(paged.BlockSize, paged.AttentionMetadata);
            ModelFiles.WriteAtomically(outputDirectory, GenAiConfig.FileName, s => GenAiConfigOf(config, pagedAttention).Write(s));
        }

        written.Add(GenAiConfig.FileName);
        foreach (var name in CopiedFiles.Where(n => File.Exists(Path.Combine(checkpointDirectory, n))))
        {
            File.Copy(Path.Combine(checkpointDirectory, name), Path.Combine(outputDirectory, name), overwrite: true);
            written.Add(name);
        }

        return new ModelImportResult(Path.GetFullPath(outputDirectory), config.Architecture, options.Target, written);
    }

    /// <summary>The standard-contract graph (any ORT GenAI runner) and the engine's paged variant, from the same weights.</summary>
    private static void WriteCpuGraphs(SafetensorsCheckpoint checkpoint, DecoderArchitecture arch, string outputDirectory)
    {
        if (arch.RopeScalingFactor != 1f)
        {
            throw new NotSupportedException(
                $"rope_scaling linear (factor {arch.RopeScalingFactor}) is supported by the GPU paged graph only: the fp32 CPU graph builder does not scale rotary positions yet.");
        }

        var bytes = DecoderTensorLayout.Float32GraphBytes(arch);
        if (bytes > MaxEmbeddedGraphBytes)
        {
            throw new NotSupportedException(
                $"The fp32 CPU graph would hold {bytes / (1 << 20)} MiB of weights, over protobuf's 2 GB limit, and the CPU graph builder "
                + "does not write external data yet; import models up to ~0.45B parameters for CPU, or use the GPU paged fp16 target.");
        }

        var weights = DecoderTensorLayout.Load(checkpoint, arch);
        ModelFiles.WriteAtomically(outputDirectory, ModelFiles.Decoder, s => DecoderGraphBuilder.Write(arch, weights, s));
        ModelFiles.WriteAtomically(outputDirectory, ModelFiles.PagedDecoder, s => DecoderGraphBuilder.WritePaged(arch, weights, s));
    }

    private static GenAiConfig GenAiConfigOf(HuggingFaceModelConfig config, GenAiPagedAttention? pagedAttention = null) => GenAiConfig.For(
        config.Decoder,
        config.ModelType,
        config.BosTokenId ?? config.EosTokenIds[0],
        config.PadTokenId ?? config.EosTokenIds[0],
        config.EosTokenIds,
        pagedAttention);
}
