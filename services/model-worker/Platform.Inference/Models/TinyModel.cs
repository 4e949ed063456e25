using Platform.Inference.Tokenization;

namespace Platform.Inference.Models;

/// <summary>
/// Generates a small Qwen2-architecture model folder with deterministic random weights and a vocabulary learned
/// from an embedded code corpus, laid out like ONNX Runtime GenAI's model builder output:
/// model.onnx, genai_config.json, config.json, tokenizer.json, tokenizer_config.json, plus model.paged.onnx (the same
/// weights as the paged-KV graph the engine runs).
/// The same spec always produces byte-identical files.
/// </summary>
public static class TinyModel
{
    public const string ModelFileName = "model.onnx";

    /// <summary>The same weights as a paged-KV graph for the continuously batching engine (see DecoderGraphBuilder.Paged).</summary>
    public const string PagedModelFileName = "model.paged.onnx";
    public const string TokenizerFileName = "tokenizer.json";
    public const string HuggingFaceConfigFileName = "config.json";
    public const string TokenizerConfigFileName = "tokenizer_config.json";

    private static readonly string[] RequiredFiles =
        [ModelFileName, PagedModelFileName, GenAiConfig.FileName, HuggingFaceConfigFileName, TokenizerFileName];

    /// <summary>Writes the model into <paramref name="directory"/> unless all its files are already there.</summary>
    /// <returns>True when the files were written now.</returns>
    public static bool EnsureCreated(string directory, TinyModelSpec? spec = null)
    {
        if (RequiredFiles.All(name => File.Exists(Path.Combine(directory, name))))
        {
            return false;
        }

        Write(directory, spec);
        return true;
    }

    /// <summary>Writes (or overwrites) the model files. Each file is written aside and moved in, so readers never see half a file.</summary>
    public static void Write(string directory, TinyModelSpec? spec = null)
    {
        spec ??= TinyModelSpec.Default;
        spec.Validate();
        Directory.CreateDirectory(directory);

        var vocabulary = BpeTrainer.Train(TrainingCorpus.Text, spec.TokenizerMerges);
        if (vocabulary.Tokens.Count + TinyModelSpec.SpecialTokenCount > spec.VocabSize)
        {
            throw new ArgumentException(
                $"The tokenizer needs {vocabulary.Tokens.Count + TinyModelSpec.SpecialTokenCount} ids but vocab_size is {spec.VocabSize}.");
        }

        var specialTokens = QwenSpecialTokens.All
            .Select((content, i) => new AddedToken(vocabulary.Tokens.Count + i, content, Special: true))
            .ToList();
        var endOfText = specialTokens[0].Id;
        var arch = DecoderArchitecture.From(spec);

        ModelFiles.WriteAtomically(directory, TokenizerFileName, s => TokenizerJsonWriter.Write(s, vocabulary, specialTokens));
        ModelFiles.WriteAtomically(directory, TokenizerConfigFileName, s => HuggingFaceConfigWriter.WriteTokenizerConfig(
            s, spec.ContextLength, QwenSpecialTokens.EndOfText, QwenSpecialTokens.EndOfText));
        ModelFiles.WriteAtomically(directory, HuggingFaceConfigFileName, s => HuggingFaceConfigWriter.WriteConfig(s, arch, endOfText, endOfText));
        ModelFiles.WriteAtomically(directory, GenAiConfig.FileName, s => GenAiConfig.For(arch, "qwen2", endOfText, endOfText, [endOfText]).Write(s));
        var weights = DecoderWeights.CreateRandom(spec);
        ModelFiles.WriteAtomically(directory, ModelFileName, s => DecoderGraphBuilder.Write(arch, weights, s));
        ModelFiles.WriteAtomically(directory, PagedModelFileName, s => DecoderGraphBuilder.WritePaged(arch, weights, s));
    }
}
