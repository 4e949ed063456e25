using Platform.Inference.Models;
using Platform.Inference.Runtime;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Tests;

/// <summary>The default tiny model, generated once per test run into a temporary folder.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"platform-inference-tests-{Guid.NewGuid():N}");
        TinyModel.Write(Directory);
        Config = GenAiConfig.Load(Path.Combine(Directory, GenAiConfig.FileName));
        Tokenizer = TokenizerJsonReader.Load(Path.Combine(Directory, TinyModel.TokenizerFileName));
        Runner = new OnnxDecoderRunner(Path.Combine(Directory, TinyModel.ModelFileName), Config.Decoder, Config.VocabSize);
        Weights = DecoderWeights.CreateRandom(TinyModelSpec.Default);
    }

    public string Directory { get; }

    internal GenAiConfig Config { get; }

    internal BpeTokenizer Tokenizer { get; }

    internal OnnxDecoderRunner Runner { get; }

    internal DecoderWeights Weights { get; }

    public void Dispose()
    {
        Runner.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TinyModelGroup : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "Tiny model";
}
