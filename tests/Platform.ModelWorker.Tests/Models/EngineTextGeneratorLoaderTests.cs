using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Inference;
using Platform.Inference.Engine;
using Platform.Inference.Runners;
using Platform.ModelWorker.Models;

namespace Platform.ModelWorker.Tests.Models;

/// <summary>Which runner the worker's loader puts behind the engine for each kind of model folder.</summary>
[Collection(ModelFoldersGroup.Name)]
public sealed class EngineTextGeneratorLoaderTests(ModelFolders folders)
{
    [Fact]
    public async Task A_folder_with_the_paged_graph_gets_the_paged_runner()
    {
        await using var generator = Load(folders.Paged);

        var engine = Assert.IsType<EngineTextGenerator>(generator);
        Assert.IsType<PagedModelRunner>(engine.Runner);
    }

    [Fact]
    public async Task A_folder_with_only_model_onnx_gets_the_standard_graph_runner_behind_the_engine()
    {
        await using var generator = Load(folders.StandardGraphOnly);

        var engine = Assert.IsType<EngineTextGenerator>(generator);
        Assert.IsType<StandardGraphModelRunner>(engine.Runner);
        Assert.Equal(new ModelDescriptor("tiny-coder", 512, 1024), engine.Model);
    }

    [Fact]
    public async Task Cuda_without_a_paged_attention_graph_is_a_clear_error_at_start()
    {
        var options = new ModelWorkerOptions
        {
            ModelDirectory = folders.StandardGraphOnly,
            CreateTinyModelIfMissing = false,
            Engine = new EngineOptions { ExecutionProvider = EngineOptions.CudaProvider },
        };
        var model = new LoadedModel(Options.Create(options), new ConfigurationBuilder().Build(),
            new EngineTextGeneratorLoader(Options.Create(options)), NullLogger<LoadedModel>.Instance);

        var error = Assert.Throws<InvalidOperationException>(() => { _ = model.StartAsync(CancellationToken.None); });

        Assert.Contains("Could not load model 'tiny-coder'", error.Message, StringComparison.Ordinal);
        var missing = Assert.IsType<FileNotFoundException>(error.InnerException);
        Assert.Contains("fp16 PagedAttention graph", missing.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, (await model.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    private static ITextGenerator Load(string directory) =>
        new EngineTextGeneratorLoader(Options.Create(new ModelWorkerOptions { Engine = new EngineOptions { IntraOpThreads = 1 } })).Load(directory);
}
