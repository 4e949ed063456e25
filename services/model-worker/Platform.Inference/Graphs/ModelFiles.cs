namespace Platform.Inference.Graphs;

/// <summary>
/// The files of a model folder, laid out as ONNX Runtime GenAI's model builder writes them (plus this engine's paged
/// CPU graph), and how they are written: aside, then moved in, so a reader never sees half a file.
/// </summary>
internal static class ModelFiles
{
    /// <summary>The decoder graph genai_config.json names by default: the standard graph, or the PagedAttention one.</summary>
    public const string Decoder = "model.onnx";

    /// <summary>The same weights as a paged-KV graph for the engine's CPU runner (see DecoderGraphBuilder.Paged).</summary>
    public const string PagedDecoder = "model.paged.onnx";

    /// <summary>The weights of the folder's graphs as ONNX external data (page-aligned, shared by model.onnx and model.paged.onnx).</summary>
    public const string ExternalData = "model.onnx.data";

    public const string Tokenizer = "tokenizer.json";
    public const string TokenizerConfig = "tokenizer_config.json";
    public const string HuggingFaceConfig = "config.json";

    public static void WriteAtomically(string directory, string name, Action<Stream> write)
    {
        var target = Path.Combine(directory, name);
        var temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
