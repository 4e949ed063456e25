using Platform.Inference.TinyModel;

namespace Platform.ModelWorker.Models;

/// <summary>
/// What the worker finds in its model folder before it loads it, and the one place that may write the tiny model
/// there: only into a folder that holds no model at all. A folder with a genai_config.json is a model (a CPU or a GPU
/// import) and is loaded as it is; a folder with model files but no genai_config.json is someone else's and is refused.
/// </summary>
internal static class ModelFolder
{
    private const string GenAiConfigFile = "genai_config.json";

    /// <summary>Files whose presence says the folder already holds (part of) a model.</summary>
    private static readonly string[] ModelFilePatterns = ["*.onnx", "*.onnx.data", "*.safetensors", GenAiConfigFile];

    /// <summary>Writes the tiny model when the folder holds no model.</summary>
    /// <returns>True when the tiny model was written now.</returns>
    /// <exception cref="InvalidOperationException">The folder holds model files that are not a loadable model folder.</exception>
    public static bool EnsureTinyModel(string directory)
    {
        if (File.Exists(Path.Combine(directory, GenAiConfigFile)))
        {
            return false;
        }

        var others = ModelFiles(directory);
        if (others.Count > 0)
        {
            throw new InvalidOperationException(
                $"{directory} holds another model's files ({string.Join(", ", others.Take(4))}) but no {GenAiConfigFile}; "
                + "the worker will not overwrite them with the tiny model. Import the model into the folder "
                + "(import-model), point Worker:ModelDirectory at it, or empty the folder.");
        }

        TinyModelWriter.Write(directory);
        return true;
    }

    private static List<string> ModelFiles(string directory) => !Directory.Exists(directory)
        ? []
        : [.. ModelFilePatterns.SelectMany(pattern => Directory.EnumerateFiles(directory, pattern)).Select(Path.GetFileName).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
}
