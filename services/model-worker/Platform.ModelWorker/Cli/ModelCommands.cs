using Platform.Inference.Models;

namespace Platform.ModelWorker.Cli;

/// <summary>
/// Command-line verbs of the worker executable, run instead of the service:
/// <c>create-tiny-model &lt;directory&gt;</c> writes the generated test model.
/// </summary>
public static class ModelCommands
{
    private const string CreateTinyModel = "create-tiny-model";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is CreateTinyModel or "help" or "--help";

    public static int Run(string[] args, TextWriter output)
    {
        switch (args)
        {
            case [CreateTinyModel, var directory]:
                var full = Path.GetFullPath(directory);
                TinyModel.Write(full, TinyModelSpec.Default);
                output.WriteLine($"Wrote the tiny model to {full}.");
                return 0;
            default:
                output.WriteLine("Usage: Platform.ModelWorker.Host create-tiny-model <directory>");
                output.WriteLine("       Platform.ModelWorker.Host            (runs the worker service)");
                return args is ["help"] or ["--help"] ? 0 : 2;
        }
    }
}
