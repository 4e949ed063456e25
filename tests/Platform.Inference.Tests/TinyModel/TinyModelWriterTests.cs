using Platform.Inference.TinyModel;

namespace Platform.Inference.Tests.TinyModel;

[Collection(TinyModelGroup.Name)]
public sealed class TinyModelWriterTests(TinyModelFixture model)
{
    private static readonly string[] Files =
        ["model.onnx", "genai_config.json", "config.json", "tokenizer.json", "tokenizer_config.json"];

    [Fact]
    public void Same_spec_writes_byte_identical_files()
    {
        var directory = TemporaryDirectory();
        try
        {
            TinyModelWriter.Write(directory);

            foreach (var file in Files)
            {
                Assert.True(
                    File.ReadAllBytes(Path.Combine(model.Directory, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(directory, file))),
                    $"{file} differs between two generations of the same spec.");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Another_seed_gives_other_weights()
    {
        var weights = TinyModelWeights.Create(TinyModelSpec.Default with { Seed = 7 });

        Assert.NotEqual(model.Weights["lm_head.weight"].Data, weights["lm_head.weight"].Data);
    }

    [Fact]
    public void Ensure_created_writes_only_when_files_are_missing()
    {
        Assert.False(TinyModelWriter.EnsureCreated(model.Directory));

        var directory = TemporaryDirectory();
        try
        {
            Assert.True(TinyModelWriter.EnsureCreated(directory));
            Assert.All(Files, file => Assert.True(File.Exists(Path.Combine(directory, file))));
            Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Genai_config_describes_the_graph_and_special_tokens()
    {
        var config = model.Config;
        var spec = TinyModelSpec.Default;

        Assert.Equal(spec.ContextLength, config.ContextLength);
        Assert.Equal(spec.VocabSize, config.VocabSize);
        Assert.Equal(spec.NumKeyValueHeads, config.Decoder.NumKeyValueHeads);
        Assert.Equal(spec.HeadSize, config.Decoder.HeadSize);
        Assert.Equal("past_key_values.1.value", config.Decoder.Names.PastValue(1));
        Assert.Equal("present.0.key", config.Decoder.Names.PresentKey(0));
        Assert.Equal(model.Tokenizer.TokenToId("<|endoftext|>"), Assert.Single(config.EosTokenIds));
    }

    [Fact]
    public void Hugging_face_config_names_the_qwen2_architecture()
    {
        var json = File.ReadAllText(Path.Combine(model.Directory, "config.json"));

        Assert.Contains("\"Qwen2ForCausalLM\"", json, StringComparison.Ordinal);
        Assert.Contains("\"num_key_value_heads\": 2", json, StringComparison.Ordinal);
    }

    private static string TemporaryDirectory() =>
        Path.Combine(Path.GetTempPath(), $"platform-inference-tests-{Guid.NewGuid():N}");
}
