using Microsoft.Extensions.Options;
using Platform.Inference;

namespace Platform.ModelWorker.Models;

/// <summary>
/// The engine over whichever graph the folder has: the engine picks the paged runner, or the standard past/present
/// graph's runner for folders without a paged graph.
/// </summary>
internal sealed class EngineTextGeneratorLoader(IOptions<ModelWorkerOptions> options) : ITextGeneratorLoader
{
    public ITextGenerator Load(string directory) =>
        EngineTextGenerator.Load(directory, options.Value.Model, options.Value.Engine);
}
