using Platform.Inference.Graphs;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Import;

/// <summary>
/// Imports a local Hugging Face checkpoint folder (config.json, *.safetensors in F32/F16/BF16, tokenizer.json) of a
/// Llama or Qwen2 model into a model folder the runners load: model.onnx (+ model.paged.onnx for the CPU) with their
/// weights in model.onnx.data (ONNX external data, page-aligned so ONNX Runtime memory-maps it), genai_config.json,
/// and the checkpoint's config, generation config and tokenizer files. Tensors are read from the memory-mapped
/// checkpoint one at a time, so an import needs about one tensor's worth of memory, not the model's.
/// </summary>
public static class HuggingFaceImporter
{
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
        var quantization = QuantizationOf(options);
        Directory.CreateDirectory(outputDirectory);
        using var checkpoint = SafetensorsCheckpoint.Open(checkpointDirectory);
        var written = new List<string>();
        if (options.Target == ModelImportTarget.CpuFloat32)
        {
            WriteCpuGraphs(checkpoint, arch, outputDirectory, quantization);
            written.AddRange([ModelFiles.Decoder, ModelFiles.PagedDecoder, ModelFiles.ExternalData]);
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

    /// <summary>
    /// The standard-contract graph (any ORT GenAI runner) and the engine's paged variant, from the same weights, sharing
    /// one external data file: each tensor is read, converted and written once. All three files are written aside and
    /// moved in, so a reader never sees half a model.
    /// </summary>
    private static void WriteCpuGraphs(
        SafetensorsCheckpoint checkpoint, DecoderArchitecture arch, string outputDirectory, WeightQuantization? quantization)
    {
        var weights = DecoderTensorLayout.OnDemand(checkpoint, arch);
        var suffix = Guid.NewGuid().ToString("N");
        string Temporary(string name) => Path.Combine(outputDirectory, $".{name}.{suffix}.tmp");
        string[] names = [ModelFiles.ExternalData, ModelFiles.Decoder, ModelFiles.PagedDecoder];
        try
        {
            using (var data = Create(Temporary(ModelFiles.ExternalData)))
            {
                var options = new DecoderGraphOptions(new ExternalDataFile(data, ModelFiles.ExternalData), quantization);
                using (var model = Create(Temporary(ModelFiles.Decoder)))
                {
                    DecoderGraphBuilder.Write(arch, weights, model, options);
                }

                using var paged = Create(Temporary(ModelFiles.PagedDecoder));
                DecoderGraphBuilder.WritePaged(arch, weights, paged, options: options);
            }

            // The data first: a graph moved in before its data would name tensors the old data file lacks.
            foreach (var name in names)
            {
                File.Move(Temporary(name), Path.Combine(outputDirectory, name), overwrite: true);
            }
        }
        finally
        {
            foreach (var name in names)
            {
                File.Delete(Temporary(name));
            }
        }
    }

    private static FileStream Create(string path) => new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);

    private static WeightQuantization? QuantizationOf(ModelImportOptions options)
    {
        if (options.Quantization == ModelQuantization.None)
        {
            return null;
        }

        if (options.Target != ModelImportTarget.CpuFloat32)
        {
            throw new NotSupportedException("--quantize applies to the CPU graphs; the GPU target writes fp16 PagedAttention graphs.");
        }

        var quantization = new WeightQuantization(
            options.Quantization == ModelQuantization.FourBit ? 4 : 8, options.QuantizationBlockSize, options.QuantizationAccuracyLevel);
        var errors = quantization.Validate();
        return errors.Count == 0 ? quantization : throw new ArgumentException(string.Join(" ", errors), nameof(options));
    }

    private static GenAiConfig GenAiConfigOf(HuggingFaceModelConfig config, GenAiPagedAttention? pagedAttention = null) => GenAiConfig.For(
        config.Decoder,
        config.ModelType,
        config.BosTokenId ?? config.EosTokenIds[0],
        config.PadTokenId ?? config.EosTokenIds[0],
        config.EosTokenIds,
        pagedAttention);
}
