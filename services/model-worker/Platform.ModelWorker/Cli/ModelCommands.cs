using Platform.Inference.TinyModel;

namespace Platform.ModelWorker.Cli;

/// <summary>
/// Command-line verbs of the worker executable, run instead of the service:
/// <c>create-tiny-model &lt;directory&gt;</c> writes the generated test model;
/// <c>import-model &lt;hf-folder-or-id&gt; &lt;output-directory&gt; [options]</c> imports a Hugging Face checkpoint (a local
/// folder if it exists, else a hub id downloaded with HF_TOKEN if set); see <see cref="UsageLines"/>.
/// </summary>
public static class ModelCommands
{
    private const string CreateTinyModel = "create-tiny-model";
    private const string ImportModel = "import-model";

    private static readonly string[] UsageLines =
    [
        "       Platform.ModelWorker.Host import-model <hf-folder-or-id> <output-directory> [--revision R]",
        "           CPU (default): [--quantize int4|int8] [--quantize-block-size N (default 32)] [--accuracy-level 0|4 (default 4)]",
        "           GPU: --gpu [--block-size N (power of two >= 16, default 256)] [--attention-metadata] [--logits-indices]",
    ];

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is CreateTinyModel or ImportModel or "help" or "--help";

    public static int Run(string[] args, TextWriter output)
    {
        switch (args)
        {
            case [CreateTinyModel, var directory]:
                var full = Path.GetFullPath(directory);
                TinyModelWriter.Write(full, TinyModelSpec.Default);
                output.WriteLine($"Wrote the tiny model to {full}.");
                return 0;
            case [ImportModel, var source, var destination, .. var options]:
                return ImportModelCommand.Run(source, destination, options, output);
            default:
                output.WriteLine("Usage: Platform.ModelWorker.Host create-tiny-model <directory>");
                foreach (var line in UsageLines)
                {
                    output.WriteLine(line);
                }

                output.WriteLine("       Platform.ModelWorker.Host            (runs the worker service)");
                return args is ["help"] or ["--help"] ? 0 : 2;
        }
    }
}
