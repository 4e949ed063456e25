using Platform.Inference.Graphs;
using Platform.Inference.Import;
using Platform.Inference.TinyModel;
using Platform.ModelWorker.Cli;

namespace Platform.ModelWorker.Tests.Models;

/// <summary>A GPU import made through the worker's own CLI from a safetensors checkpoint of the tiny model's weights.</summary>
internal static class GpuModelFolder
{
    public static string Import(string tinyModel, string root, params string[] options)
    {
        var checkpoint = Path.Combine(root, "hf");
        Directory.CreateDirectory(checkpoint);
        foreach (var file in new[] { ModelFiles.HuggingFaceConfig, ModelFiles.Tokenizer, ModelFiles.TokenizerConfig })
        {
            File.Copy(Path.Combine(tinyModel, file), Path.Combine(checkpoint, file), overwrite: true);
        }

        var weights = TinyModelWeights.Create(TinyModelSpec.Default).Tensors;
        SafetensorsWriter.Write(Path.Combine(checkpoint, SafetensorsCheckpoint.SingleFileName),
            [.. weights.Select(w => new SafetensorsTensor(w.Key, SafetensorsDType.F32, [.. w.Value.Shape.Select(d => (long)d)], w.Value.Data))]);

        var output = Path.Combine(root, "gpu");
        using var log = new StringWriter();
        var exit = ModelCommands.Run(["import-model", checkpoint, output, "--gpu", .. options], log);
        return exit == 0 ? output : throw new InvalidOperationException($"The GPU import failed ({exit}): {log}");
    }
}
