using Platform.Inference.Graphs;
using Platform.Inference.Runners;
using Platform.Inference.TinyModel;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Tests;

/// <summary>The default tiny model, generated once per test run into a temporary folder.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"platform-inference-tests-{Guid.NewGuid():N}");
        TinyModelWriter.Write(Directory);
        Config = GenAiConfig.Load(Path.Combine(Directory, GenAiConfig.FileName));
        Tokenizer = HuggingFaceTokenizer.Load(Path.Combine(Directory, ModelFiles.Tokenizer));
        Runner = new DecoderSession(Path.Combine(Directory, ModelFiles.Decoder), Config.Decoder, Config.VocabSize);
        Weights = TinyModelWeights.Create(TinyModelSpec.Default);
        StandardGraphDirectory = Path.Combine(Directory, "standard-graph-only");
        CopyWithoutPagedGraph(Directory, StandardGraphDirectory);
    }

    public string Directory { get; }

    /// <summary>The same model without model.paged.onnx: what ORT GenAI's builder exports for the CPU.</summary>
    public string StandardGraphDirectory { get; }

    internal GenAiConfig Config { get; }

    internal HuggingFaceTokenizer Tokenizer { get; }

    internal DecoderSession Runner { get; }

    internal DecoderWeights Weights { get; }

    /// <summary>Copies a model folder's files except the paged graph, so the engine falls back to the standard graph.</summary>
    public static void CopyWithoutPagedGraph(string source, string destination)
    {
        System.IO.Directory.CreateDirectory(destination);
        foreach (var file in System.IO.Directory.GetFiles(source).Where(f => Path.GetFileName(f) != ModelFiles.PagedDecoder))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        }
    }

    public void Dispose()
    {
        Runner.Dispose();
        Tokenizer.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
