using Platform.Inference;

namespace Platform.ModelWorker.Models;

/// <summary>
/// Turns the worker's model folder into a generator. <see cref="EngineTextGeneratorLoader"/> is the default; a host
/// may register its own (benchmarks of the bus path use a stand-in that answers at once).
/// </summary>
public interface ITextGeneratorLoader
{
    ITextGenerator Load(string directory);
}
