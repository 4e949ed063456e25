using Microsoft.Extensions.Options;
using Platform.Inference;

namespace Platform.ModelWorker.Models;

/// <summary>
/// Turns the worker's model folder into a generator. The ONNX Runtime loader is the default; a host may register
/// its own (benchmarks of the bus path use a stand-in that answers at once).
/// </summary>
public interface ITextGeneratorLoader
{
    ITextGenerator Load(string directory);
}

/// <summary>
/// The engine over whichever graph the folder has: the engine picks the paged runner, or the standard past/present
/// graph's runner for folders without a paged graph.
/// </summary>
internal sealed class OnnxTextGeneratorLoader(IOptions<ModelWorkerOptions> options) : ITextGeneratorLoader
{
    public ITextGenerator Load(string directory) =>
        EngineTextGenerator.Load(directory, options.Value.Model, options.Value.Engine);
}
