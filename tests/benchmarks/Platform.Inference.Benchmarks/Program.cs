using System.Text.Json;
using Platform.Inference.Benchmarks;

// Throughput, KV slot utilisation and prefix-cache savings of the engine on the ~31M-parameter generated model;
// `sampler`: the sampler's cost per token and per step over a 151,936-token vocabulary; `scheduling`: inter-token
// latency under a long prompt (prefill cap on/off), completions' TTFT behind queued chat, swap-in against recompute.
// One JSON document goes to stdout; progress notes go to stderr.
if (args is ["scheduling", ..])
{
    // `scheduling [model dir] [long-prefill caps, comma-separated]`: latency under mixed load (long-prefill cap, queue
    // priority, KV swap).
    var directory = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "platform-scheduling-benchmark-model");
    var caps = (args.Length > 2 ? args[2] : "16,32,64").Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    Console.WriteLine(JsonSerializer.Serialize(new SchedulingBenchmark(directory, caps).Run(), new JsonSerializerOptions { WriteIndented = true }));
    return;
}

if (args is ["sampler", ..])
{
    Console.WriteLine(JsonSerializer.Serialize(SamplerBenchmark.Run(), new JsonSerializerOptions { WriteIndented = true }));
    return;
}

// `speculation`: prompt-lookup speculative decoding on vs off, edit-like and ordinary prompts.
if (args is ["speculation", ..])
{
    var directory = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "platform-inference-benchmark-model");
    Console.WriteLine(JsonSerializer.Serialize(await new SpeculationBenchmark(directory).RunAsync(), new JsonSerializerOptions { WriteIndented = true }));
    return;
}

var modelDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "platform-inference-benchmark-model");
var report = await new EngineBenchmark(modelDirectory).RunAsync();
Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
