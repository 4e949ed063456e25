using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Contracts.Generation;
using Platform.Inference;
using Platform.Inference.Engine;

namespace Platform.Models.Benchmarks;

/// <summary>
/// One model folder served in a process of its own (so resident memory is this model's alone), driven over stdin by
/// the benchmark: it loads, reports load time and memory, then answers one command per line — <c>ttft</c> (time to
/// first token of a ~512-token prompt), <c>decode C N</c> (greedy tokens/s of C concurrent requests of N tokens,
/// completion tokens over wall time, short prompts, no shared prefix), <c>memory</c>, <c>quit</c> — one JSON line each.
/// Several such processes stay loaded side by side, so the benchmark can alternate them and compare them under the
/// same machine load.
/// </summary>
internal static class ModelMeasurement
{
    private const int TargetPromptTokens = 512;

    public static async Task ServeAsync(string folder, int threads, long kvPoolBytes)
    {
        var beforeLoad = Memory.Current();
        var options = new EngineOptions { IntraOpThreads = threads, KvCacheMemoryBytes = kvPoolBytes, MaxBatchedTokens = 1024 };
        var stopwatch = Stopwatch.StartNew();
        await using var engine = EngineTextGenerator.Load(folder, "bench", options);
        var loadSeconds = stopwatch.Elapsed.TotalSeconds;
        var beforeCollection = Memory.Current();
        // As the worker does after a load (ModelLoadMetrics): the load's garbage (the parsed tokenizer.json above all)
        // goes back to the system once, rather than staying resident until the GC's budget next forces a collection.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var afterLoad = Memory.Current();
        Reply(new JsonObject
        {
            ["load_seconds"] = Round(loadSeconds),
            ["kv_pool_mib"] = kvPoolBytes >> 20,
            ["resident_mib_before_load"] = beforeLoad.ResidentBytes >> 20,
            ["resident_mib_after_load_before_collection"] = beforeCollection.ResidentBytes >> 20,
            ["resident_mib_after_load"] = afterLoad.ResidentBytes >> 20,
            ["anonymous_mib_after_load"] = afterLoad.AnonymousBytes >> 20,
            ["file_mib_after_load"] = afterLoad.FileBytes >> 20,
        });

        var calls = 0;
        while (Console.ReadLine() is { } line)
        {
            var command = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (command)
            {
                case ["ttft"]:
                    // Tokens per line of this code, from a short prompt of another flavour (so the long one shares no prefix).
                    var calibration = await GenerateAsync(engine, Code("calibrate", 24), 1);
                    var lines = Math.Max(1, (int)Math.Round(24.0 * TargetPromptTokens / calibration.PromptTokens));
                    var prefill = await GenerateAsync(engine, Code("measure", lines), 1);
                    Reply(new JsonObject { ["prompt_tokens"] = prefill.PromptTokens, ["ttft_seconds"] = Round(prefill.FirstTokenSeconds) });
                    break;
                case ["decode", var concurrencyText, var tokenText]:
                    var concurrency = int.Parse(concurrencyText, CultureInfo.InvariantCulture);
                    var rate = await DecodeAsync(engine, concurrency, int.Parse(tokenText, CultureInfo.InvariantCulture), calls++);
                    Reply(new JsonObject { ["tokens_per_second"] = Round(rate) });
                    break;
                case ["memory"]:
                    var now = Memory.Current();
                    Reply(new JsonObject
                    {
                        ["resident_mib"] = now.ResidentBytes >> 20,
                        ["anonymous_mib"] = now.AnonymousBytes >> 20,
                        ["file_mib"] = now.FileBytes >> 20,
                        ["peak_resident_mib"] = now.PeakBytes >> 20,
                    });
                    break;
                case ["quit"]:
                    return;
                default:
                    throw new InvalidOperationException($"Unknown command '{line}'.");
            }
        }
    }

    private static void Reply(JsonObject result)
    {
        Console.Out.WriteLine(result.ToJsonString());
        Console.Out.Flush();
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static async Task<double> DecodeAsync(EngineTextGenerator engine, int concurrency, int tokens, int call)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, concurrency)
            .Select(i => GenerateAsync(engine, $"def task_{call}_{concurrency}_{i}(values):\n    ", tokens)));
        return results.Sum(r => r.CompletionTokens) / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<Generation> GenerateAsync(EngineTextGenerator engine, string prompt, int maxTokens)
    {
        var request = new TextGenerationRequest(Guid.NewGuid().ToString("N"), prompt,
            new SamplingSettings { MaxTokens = maxTokens, IgnoreEndOfSequence = true });
        var stopwatch = Stopwatch.StartNew();
        double? first = null;
        GeneratedChunk? last = null;
        await foreach (var chunk in engine.GenerateAsync(request))
        {
            first ??= stopwatch.Elapsed.TotalSeconds;
            last = chunk;
        }

        return new Generation(last?.PromptTokens ?? 0, last?.CompletionTokens ?? 0, first ?? double.NaN);
    }

    private static string Code(string flavour, int lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"def {flavour}_{i}(items, limit={i * 7}):\n    return [x * {i} for x in items if x < limit]\n");
        }

        return text.ToString();
    }

    private sealed record Generation(int PromptTokens, int CompletionTokens, double FirstTokenSeconds);

    /// <summary>Resident memory from /proc/self/status: anonymous (heap) and file-backed (mapped weights), and the peak.</summary>
    private readonly record struct Memory(long AnonymousBytes, long FileBytes, long PeakBytes)
    {
        public long ResidentBytes => AnonymousBytes + FileBytes;

        public static Memory Current()
        {
            long anonymous = 0, file = 0, peak = 0;
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                anonymous = Field(line, "RssAnon:") ?? anonymous;
                file = Field(line, "RssFile:") ?? file;
                peak = Field(line, "VmHWM:") ?? peak;
            }

            return new Memory(anonymous, file, peak);
        }

        private static long? Field(string line, string name) =>
            line.StartsWith(name, StringComparison.Ordinal)
            && long.TryParse(line.AsSpan(name.Length).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)
                ? kb * 1024
                : null;
    }
}
