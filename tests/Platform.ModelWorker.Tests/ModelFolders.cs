using Platform.Inference.Graphs;
using Platform.Inference.TinyModel;

namespace Platform.ModelWorker.Tests;

/// <summary>The tiny model generated once per test run, and a copy of it with only the standard graph.</summary>
public sealed class ModelFolders : IDisposable
{
    public ModelFolders()
    {
        Root = Path.Combine(Path.GetTempPath(), $"platform-model-worker-tests-{Guid.NewGuid():N}");
        Paged = Path.Combine(Root, "paged");
        TinyModelWriter.Write(Paged);
        StandardGraphOnly = Path.Combine(Root, "standard-graph-only");
        Directory.CreateDirectory(StandardGraphOnly);
        foreach (var file in Directory.GetFiles(Paged).Where(f => Path.GetFileName(f) != ModelFiles.PagedDecoder))
        {
            File.Copy(file, Path.Combine(StandardGraphOnly, Path.GetFileName(file)));
        }
    }

    public string Root { get; }

    /// <summary>The tiny model as generated: model.onnx and model.paged.onnx.</summary>
    public string Paged { get; }

    /// <summary>What ORT GenAI's model builder exports for the CPU: model.onnx only.</summary>
    public string StandardGraphOnly { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
