using Platform.Inference.Graphs;
using Platform.Inference.Import;
using Platform.Inference.Tests.Tokenization;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Tests.Import;

/// <summary>The importer carries a checkpoint's tokenizer over only when the worker will be able to load it.</summary>
[Collection(TinyModelGroup.Name)]
public sealed class ImporterTokenizerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"import-tokenizer-tests-{Guid.NewGuid():N}");

    [Fact]
    public void A_codellama_style_byte_fallback_tokenizer_imports_and_encodes_fim_prompts()
    {
        var checkpoint = Path.Combine(_root, "hf");
        var llama2 = Path.Combine(ReferenceTokenizers.PackageDirectory("llama2"), "models");
        CheckpointFolder.Write(checkpoint, CheckpointStyle.Llama, CheckpointFolder.Weights(CheckpointStyle.Llama), SafetensorsDType.BF16, 1, llama2);

        var result = HuggingFaceImporter.Import(checkpoint, Path.Combine(_root, "onnx"));

        using var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(result.OutputDirectory, ModelFiles.Tokenizer));
        var ids = tokenizer.Encode("<PRE> def add(a, b): <SUF>\n    return c <MID>");
        Assert.Equal(tokenizer.TokenToId("<s>"), ids[0]);
        Assert.Equal("<PRE> def add(a, b): <SUF>\n    return c <MID>", tokenizer.Decode(ids));
    }

    [Fact]
    public void A_tokenizer_the_library_cannot_load_is_refused_before_anything_is_written()
    {
        var checkpoint = Path.Combine(_root, "hf-broken");
        var source = Path.Combine(_root, "broken-tokenizer");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, ModelFiles.Tokenizer), """{ "model": { "type": "BPE", "vocab": { "a": 0 }, "merges": "not a list" } }""");
        File.WriteAllText(Path.Combine(source, ModelFiles.TokenizerConfig), "{}");
        CheckpointFolder.Write(checkpoint, CheckpointStyle.Llama, CheckpointFolder.Weights(CheckpointStyle.Llama), SafetensorsDType.BF16, 1, source);
        var output = Path.Combine(_root, "onnx-broken");

        var error = Assert.Throws<InvalidDataException>(() => HuggingFaceImporter.Import(checkpoint, output));

        Assert.Contains(ModelFiles.Tokenizer, error.Message);
        Assert.False(Directory.Exists(output));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
