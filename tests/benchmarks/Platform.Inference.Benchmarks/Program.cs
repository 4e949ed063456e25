using System.Text.Json;
using Platform.Inference.Benchmarks;

// Throughput, KV slot utilisation and prefix-cache savings of the engine on the ~31M-parameter generated model;
// `sampler`: the sampler's cost per token and per step over a 151,936-token vocabulary; `scheduling`: inter-token
// latency under a long prompt (prefill cap on/off), completions' TTFT behind queued chat, swap-in against recompute.
// `speculation`: prompt lookup on vs off; `latency`: scheduling and speculation in one run and one document.
// One JSON document goes to stdout; progress notes go to stderr.
var indented = new JsonSerializerOptions { WriteIndented = true };
var temporary = Path.GetTempPath();
if (args is ["latency", ..])
{
    var scheduling = new SchedulingBenchmark(Path.Combine(temporary, "platform-scheduling-benchmark-model"), [16, 32, 64]).Run();
    var speculation = await new SpeculationBenchmark(Path.Combine(temporary, "platform-speculation-benchmark-model")).RunAsync();
    Console.WriteLine(JsonSerializer.Serialize(new { scheduling, speculation }, indented));
    return;
}

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
    // A folder of its own: a paged graph written before multi-position logits loads but never speculates.
    var directory = args.Length > 1 ? args[1] : Path.Combine(temporary, "platform-speculation-benchmark-model");
    Console.WriteLine(JsonSerializer.Serialize(await new SpeculationBenchmark(directory).RunAsync(), indented));
    return;
}

var modelDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "platform-inference-benchmark-model");
var report = await new EngineBenchmark(modelDirectory).RunAsync();
Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
