using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Inference;
using Platform.Inference.Models;
using Platform.Inference.Runtime;

namespace Platform.ModelWorker.Models;

/// <summary>
/// Turns the worker's model folder into a generator. The ONNX Runtime loader is the default; a host may register
/// its own (benchmarks of the bus path use a stand-in that answers at once).
/// </summary>
public interface ITextGeneratorLoader
{
    ITextGenerator Load(string directory);
}

/// <summary>The paged engine when the folder has its graph and the engine is chosen, the simple runner otherwise.</summary>
internal sealed class OnnxTextGeneratorLoader(IOptions<ModelWorkerOptions> options, ILogger<OnnxTextGeneratorLoader> logger)
    : ITextGeneratorLoader
{
    public ITextGenerator Load(string directory)
    {
        var settings = options.Value;
        var hasPagedGraph = File.Exists(Path.Combine(directory, TinyModel.PagedModelFileName));
        if (settings.Runner == "engine" && hasPagedGraph)
        {
            var errors = settings.Engine.Validate();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"Worker:Engine settings are invalid: {string.Join(" ", errors)}");
            }

            return EngineTextGenerator.Load(directory, settings.Model, settings.Engine);
        }

        if (settings.Runner == "engine")
        {
            logger.LogWarning("{Directory} has no {PagedGraph}; serving with the simple runner instead of the engine.",
                directory, TinyModel.PagedModelFileName);
        }

        return OnnxTextGenerator.Load(directory, settings.Model,
            new OnnxTextGeneratorOptions { MaxConcurrentRequests = settings.ConcurrencyLimit });
    }
}
