using Platform.Inference.Graphs;
using Platform.Inference.Tokenization;

namespace Platform.Inference.TinyModel;

/// <summary>
/// Generates a small Qwen2-architecture model folder with deterministic random weights and a vocabulary learned
/// from an embedded code corpus, laid out like ONNX Runtime GenAI's model builder output:
/// model.onnx, genai_config.json, config.json, tokenizer.json, tokenizer_config.json, plus model.paged.onnx (the same
/// weights as the paged-KV graph the engine runs).
/// The same spec always produces byte-identical files.
/// </summary>
public static class TinyModelWriter
{
    private static readonly string[] RequiredFiles =
        [ModelFiles.Decoder, ModelFiles.PagedDecoder, GenAiConfig.FileName, ModelFiles.HuggingFaceConfig, ModelFiles.Tokenizer];

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
        var arch = spec.Architecture;

        ModelFiles.WriteAtomically(directory, ModelFiles.Tokenizer, s => TokenizerJsonWriter.Write(s, vocabulary, specialTokens));
        ModelFiles.WriteAtomically(directory, ModelFiles.TokenizerConfig, s => HuggingFaceConfigWriter.WriteTokenizerConfig(
            s, spec.ContextLength, QwenSpecialTokens.EndOfText, QwenSpecialTokens.EndOfText));
        ModelFiles.WriteAtomically(directory, ModelFiles.HuggingFaceConfig, s => HuggingFaceConfigWriter.WriteConfig(s, arch, endOfText, endOfText));
        ModelFiles.WriteAtomically(directory, GenAiConfig.FileName, s => GenAiConfig.For(arch, "qwen2", endOfText, endOfText, [endOfText]).Write(s));
        var weights = TinyModelWeights.Create(spec);
        ModelFiles.WriteAtomically(directory, ModelFiles.Decoder, s => DecoderGraphBuilder.Write(arch, weights, s));
        ModelFiles.WriteAtomically(directory, ModelFiles.PagedDecoder, s => DecoderGraphBuilder.WritePaged(arch, weights, s));
    }
}
