using System.Text.Json;
using Platform.Gpu.Benchmarks;

// The .NET half of infra/device/gpu-bench.sh: (a) GPU-vs-CPU logits under teacher forcing, (b) engine throughput and
// latency. Generates its model folders itself; writes dotnet-bench.json under --out after each stage (so a run cut off
// by the device's time limit still leaves what it measured); progress goes to stderr.
var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.OutputDirectory);
var report = new Dictionary<string, object> { ["provider"] = options.Provider };
var clock = System.Diagnostics.Stopwatch.StartNew();
if (options.Correctness)
{
    // The ~31M-parameter benchmark model for cuda, the tiny one for CPU smoke runs: the fp32 reference runs on the host's cores.
    var spec = options.Provider == "cuda" ? BenchModels.ForName("benchmark") : BenchModels.ForName("tiny");
    var folders = BenchModels.Ensure(Path.Combine(options.ModelDirectory, $"correctness-{(options.Provider == "cuda" ? "benchmark" : "tiny")}"), spec, withCpuGraphs: true);
    report["correctness"] = new CorrectnessCheck(options, folders).Run();
    Console.Error.WriteLine($"correctness done at {clock.Elapsed.TotalSeconds:F0} s");
    Save();
}

if (options.Speed)
{
    var spec = BenchModels.ForName(options.Spec);
    var generate = System.Diagnostics.Stopwatch.StartNew();
    var folders = BenchModels.Ensure(Path.Combine(options.ModelDirectory, $"speed-{options.Spec}"), spec, withCpuGraphs: options.Provider == "cpu");
    report["model_generation_seconds"] = generate.Elapsed.TotalSeconds;
    Console.Error.WriteLine($"speed model ready at {clock.Elapsed.TotalSeconds:F0} s");
    report["speed"] = await new ThroughputRun(options, folders).RunAsync();
}

Console.WriteLine(Save());

string Save()
{
    report["wall_seconds"] = clock.Elapsed.TotalSeconds;
    var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
    // Aside then moved in: the device run may be cut off mid-write.
    var path = Path.Combine(options.OutputDirectory, "dotnet-bench.json");
    File.WriteAllText(path + ".tmp", json);
    File.Move(path + ".tmp", path, overwrite: true);
    return json;
}
