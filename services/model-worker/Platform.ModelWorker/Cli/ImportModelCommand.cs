using System.Globalization;
using Platform.Inference.Import;
using Platform.Inference.Engine;

namespace Platform.ModelWorker.Cli;

/// <summary>The import-model verb: option parsing, download when the source is a hub id, then the import.</summary>
internal static class ImportModelCommand
{
    public static int Run(string source, string destination, string[] options, TextWriter output)
    {
        var revision = "main";
        var importOptions = new ModelImportOptions();
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--revision" when i + 1 < options.Length:
                    revision = options[++i];
                    break;
                case "--gpu":
                    importOptions = importOptions with { Target = ModelImportTarget.GpuPagedFloat16 };
                    break;
                case "--block-size" when i + 1 < options.Length && int.TryParse(options[i + 1], CultureInfo.InvariantCulture, out var size) && size > 0:
                    importOptions = importOptions with { PagedBlockSize = size };
                    i++;
                    break;
                case "--attention-metadata":
                    importOptions = importOptions with { PagedAttentionMetadata = true };
                    break;
                case "--logits-indices":
                    importOptions = importOptions with { PagedLogitsIndices = true };
                    break;
                case "--quantize" when i + 1 < options.Length && options[i + 1] is "int4" or "int8":
                    importOptions = importOptions with { Quantization = options[++i] == "int4" ? ModelQuantization.FourBit : ModelQuantization.EightBit };
                    break;
                case "--quantize-block-size" when i + 1 < options.Length && int.TryParse(options[i + 1], CultureInfo.InvariantCulture, out var block):
                    importOptions = importOptions with { QuantizationBlockSize = block };
                    i++;
                    break;
                case "--accuracy-level" when i + 1 < options.Length && int.TryParse(options[i + 1], CultureInfo.InvariantCulture, out var level):
                    importOptions = importOptions with { QuantizationAccuracyLevel = level };
                    i++;
                    break;
                default:
                    output.WriteLine($"Unknown or incomplete option '{options[i]}'.");
                    return 2;
            }
        }

        if (importOptions.Target == ModelImportTarget.GpuPagedFloat16 && !PagedAttentionBlockSizes.IsAccepted(importOptions.PagedBlockSize))
        {
            output.WriteLine($"--block-size {importOptions.PagedBlockSize}: {PagedAttentionBlockSizes.Rule}.");
            return 2;
        }

        if (importOptions.Target != ModelImportTarget.GpuPagedFloat16 && (importOptions.PagedAttentionMetadata || importOptions.PagedLogitsIndices))
        {
            output.WriteLine("--attention-metadata and --logits-indices shape the GPU PagedAttention graph: add --gpu.");
            return 2;
        }

        try
        {
            var folder = Directory.Exists(source) ? source : Download(source, revision, output);
            var result = HuggingFaceImporter.Import(folder, Path.GetFullPath(destination), importOptions);
            output.WriteLine($"Imported {result.Architecture} ({result.Target}) to {result.OutputDirectory}: {string.Join(", ", result.Files)}.");
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or HttpRequestException
            or UnauthorizedAccessException or ArgumentException)
        {
            output.WriteLine($"Import failed: {e.Message}");
            return 1;
        }
    }

    private static string Download(string id, string revision, TextWriter output)
    {
        var cache = Environment.GetEnvironmentVariable("HF_HUB_CACHE")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "platform-models");
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var downloader = new HuggingFaceDownloader(http, cache, Environment.GetEnvironmentVariable("HF_TOKEN"));
        output.WriteLine($"'{id}' is not a local folder: downloading it from the Hugging Face hub into {cache}.");
        var progress = new LineProgress(output);
        return downloader.DownloadAsync(id, revision, progress).GetAwaiter().GetResult();
    }

    /// <summary>Reports synchronously, so file names print in order before the import's own output.</summary>
    private sealed class LineProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine($"  {value}");
    }
}
