using Platform.Inference.Graphs;
using Platform.ModelWorker.Cli;

namespace Platform.ModelWorker.Tests.Cli;

public sealed class ModelCommandsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"model-commands-{Guid.NewGuid():N}");

    [Fact]
    public void Create_tiny_model_writes_a_folder_the_engine_can_load()
    {
        using var output = new StringWriter();

        var exit = ModelCommands.Run(["create-tiny-model", _directory], output);

        Assert.Equal(0, exit);
        Assert.All([ModelFiles.Decoder, ModelFiles.PagedDecoder, GenAiConfig.FileName, ModelFiles.Tokenizer],
            file => Assert.True(File.Exists(Path.Combine(_directory, file)), file));
    }

    [Theory]
    [InlineData(new[] { "create-tiny-model" }, 2)]
    [InlineData(new[] { "help" }, 0)]
    public void Incomplete_commands_print_the_usage(string[] args, int expectedExit)
    {
        using var output = new StringWriter();

        Assert.Equal(expectedExit, ModelCommands.Run(args, output));
        Assert.Contains("create-tiny-model <directory>", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Import_with_an_unknown_option_is_refused_before_any_work()
    {
        using var output = new StringWriter();

        var exit = ModelCommands.Run(["import-model", "Qwen/Qwen2.5-Coder-0.5B", _directory, "--fp8"], output);

        Assert.Equal(2, exit);
        Assert.Contains("Unknown or incomplete option '--fp8'", output.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory));
    }

    [Theory]
    [InlineData(new[] { "--gpu", "--block-size", "24" }, "powers of two of at least 16")]
    [InlineData(new[] { "--attention-metadata" }, "add --gpu")]
    [InlineData(new[] { "--quantize", "int3" }, "Unknown or incomplete option '--quantize'")]
    public void Import_options_the_graphs_cannot_honour_are_refused_before_any_work(string[] options, string message)
    {
        using var output = new StringWriter();

        var exit = ModelCommands.Run(["import-model", "Qwen/Qwen2.5-Coder-0.5B", _directory, .. options], output);

        Assert.Equal(2, exit);
        Assert.Contains(message, output.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
