using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Inference;
using Platform.ServiceDefaults;

namespace Platform.ModelWorker.Models;

/// <summary>
/// Loads the worker's model at start-up (creating the tiny model first when allowed) and hands it to consumers,
/// which wait for it if a request arrives while it is still loading. Ready only once loaded. Logs (and, with metrics,
/// publishes) the load time and the resident memory after the load.
/// </summary>
internal sealed class LoadedModel(
    IOptions<ModelWorkerOptions> options,
    Microsoft.Extensions.Configuration.IConfiguration configuration,
    ITextGeneratorLoader loader,
    ILogger<LoadedModel> logger,
    ModelLoadMetrics? metrics = null) : IHostedService, IHealthCheck, IAsyncDisposable
{
    private readonly TaskCompletionSource<ITextGenerator> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long loading the model took; null until it has loaded.</summary>
    public TimeSpan? LoadTime { get; private set; }

    public Task<ITextGenerator> GetAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);

    public string ResolveDirectory() => options.Value.ModelDirectory is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(PlatformDataDirectory.Resolve(configuration), "models", options.Value.Model);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = ResolveDirectory();
        try
        {
            if (options.Value.CreateTinyModelIfMissing && ModelFolder.EnsureTinyModel(directory))
            {
                logger.LogInformation("Created the tiny model in {Directory}.", directory);
            }

            var stopwatch = Stopwatch.StartNew();
            var generator = loader.Load(directory);
            stopwatch.Stop();
            // The load's garbage (the parsed tokenizer.json above all) goes back to the system once, rather than staying
            // resident until the GC's budget next forces a collection.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var memory = ProcessMemory.Current();
            metrics?.RecordLoad(stopwatch.Elapsed);
            LoadTime = stopwatch.Elapsed;
            logger.LogInformation(
                "Loaded model {Model} from {Directory} with {Generator} (context {Context} tokens) in {LoadSeconds:F2} s; resident memory {ResidentMiB} MiB ({AnonymousMiB} MiB heap, {FileMiB} MiB mapped files).",
                options.Value.Model, directory, generator.GetType().Name, generator.Model.ContextLength, stopwatch.Elapsed.TotalSeconds,
                memory.ResidentBytes >> 20, memory.AnonymousBytes >> 20, memory.FileBytes >> 20);
            _loaded.TrySetResult(generator);
        }
        catch (Exception exception)
        {
            _loaded.TrySetException(exception);
            throw new InvalidOperationException($"Could not load model '{options.Value.Model}' from {directory}: {exception.Message}", exception);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_loaded.Task.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy($"{options.Value.Model} loaded")
            : HealthCheckResult.Unhealthy($"{options.Value.Model} not loaded"));

    public async ValueTask DisposeAsync()
    {
        if (_loaded.Task.IsCompletedSuccessfully)
        {
            await _loaded.Task.Result.DisposeAsync();
        }
    }
}
