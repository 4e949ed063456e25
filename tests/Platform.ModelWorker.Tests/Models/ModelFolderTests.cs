using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Runners;
using Platform.ModelWorker.Models;

namespace Platform.ModelWorker.Tests.Models;

/// <summary>What the worker does with the folder it is pointed at: which runner it chooses, and what it will not overwrite.</summary>
[Collection(ModelFoldersGroup.Name)]
public sealed class ModelFolderTests(ModelFolders folders) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"model-folder-tests-{Guid.NewGuid():N}");

    [Fact]
    public void A_gpu_import_is_served_by_the_cuda_paged_runner_and_never_overwritten_by_the_tiny_model()
    {
        var gpu = GpuModelFolder.Import(folders.Paged, _root, "--block-size", "16", "--attention-metadata", "--logits-indices");
        var before = Snapshot(gpu);

        // The embedded defaults: create the tiny model if missing, execution provider auto.
        var error = Assert.Throws<InvalidOperationException>(() => Start(new ModelWorkerOptions { ModelDirectory = gpu }));

        // No GPU here: the CUDA runner was chosen, and said so, rather than the tiny model replacing the import.
        var unavailable = Assert.IsType<ExecutionProviderUnavailableException>(error.InnerException);
        Assert.Contains("CUDA", unavailable.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(gpu));
        Assert.False(File.Exists(Path.Combine(gpu, ModelFiles.PagedDecoder)));

        var config = GenAiConfig.Load(Path.Combine(gpu, GenAiConfig.FileName));
        var plan = ModelRunnerFactory.Plan(gpu, config, new EngineOptions());
        Assert.Equal(RunnerKind.CudaPaged, plan.Kind);
        Assert.Equal(new GenAiPagedAttention(16, AttentionMetadata: true), config.PagedAttention);
    }

    [Fact]
    public void A_folder_holding_another_models_files_is_refused_with_a_message_and_left_untouched()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllBytes(Path.Combine(_root, "model.onnx"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_root, "model.onnx.data"), [4, 5, 6]);
        var before = Snapshot(_root);

        var error = Assert.Throws<InvalidOperationException>(() => Start(new ModelWorkerOptions { ModelDirectory = _root }));

        Assert.Contains("will not overwrite them with the tiny model", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(_root));
    }

    [Fact]
    public void An_empty_folder_gets_the_tiny_model_once()
    {
        var directory = Path.Combine(_root, "empty");

        Assert.True(ModelFolder.EnsureTinyModel(directory));
        Assert.False(ModelFolder.EnsureTinyModel(directory));
        Assert.True(File.Exists(Path.Combine(directory, ModelFiles.PagedDecoder)));
    }

    [Fact]
    public void A_gpu_folder_with_a_block_size_the_paged_attention_kernel_rejects_fails_at_start()
    {
        var gpu = GpuModelFolder.Import(folders.Paged, _root, "--block-size", "16");

        var error = Assert.Throws<InvalidOperationException>(() =>
            Start(new ModelWorkerOptions { ModelDirectory = gpu, Engine = new EngineOptions { BlockSize = 24 } }));

        Assert.Contains("powers of two of at least 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loading_reports_its_duration_and_the_resident_memory_it_left()
    {
        var options = new ModelWorkerOptions { ModelDirectory = folders.Paged, CreateTinyModelIfMissing = false };
        await using var model = new LoadedModel(Options.Create(options), new ConfigurationBuilder().Build(),
            new EngineTextGeneratorLoader(Options.Create(options)), NullLogger<LoadedModel>.Instance);

        await model.StartAsync(CancellationToken.None);

        Assert.True(model.LoadTime > TimeSpan.Zero);
        var memory = ProcessMemory.Current();
        Assert.True(memory.AnonymousBytes > 0 && memory.FileBytes > 0, $"{memory}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static void Start(ModelWorkerOptions options)
    {
        var model = new LoadedModel(Options.Create(options), new ConfigurationBuilder().Build(),
            new EngineTextGeneratorLoader(Options.Create(options)), NullLogger<LoadedModel>.Instance);
        _ = model.StartAsync(CancellationToken.None);
    }

    private static Dictionary<string, string> Snapshot(string directory) => Directory.GetFiles(directory).ToDictionary(
        f => Path.GetFileName(f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
