using System.Text.Json;
using Platform.Inference.Benchmarks;

// Throughput, KV slot utilisation and prefix-cache savings of the engine on the ~31M-parameter generated model.
// One JSON document goes to stdout; progress notes go to stderr.
var modelDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "platform-inference-benchmark-model");
var report = await new EngineBenchmark(modelDirectory).RunAsync();
Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
