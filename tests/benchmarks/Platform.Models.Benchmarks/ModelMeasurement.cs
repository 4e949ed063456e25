using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Contracts.Generation;
using Platform.Inference;
using Platform.Inference.Engine;

namespace Platform.Models.Benchmarks;

/// <summary>
/// One model folder measured in a fresh process (so resident memory is this model's alone): load time, resident memory
/// after the load, time to first token of a ~512-token prompt, and tokens/s of greedy decoding at 1 and 8 concurrent
/// requests (completion tokens over wall time, short prompts, each request its own prompt so no prefix is shared).
/// </summary>
internal static class ModelMeasurement
{
    private const int TargetPromptTokens = 512;

    public static async Task<JsonObject> RunAsync(string folder, int threads, int decodeTokens)
    {
        var options = new EngineOptions { IntraOpThreads = threads, KvCacheMemoryBytes = 256L << 20, MaxBatchedTokens = 1024 };
        var stopwatch = Stopwatch.StartNew();
        await using var engine = EngineTextGenerator.Load(folder, "bench", options);
        var loadSeconds = stopwatch.Elapsed.TotalSeconds;
        var afterLoad = Memory.Current();

        // Tokens per line of this code, from a short prompt of another flavour (so the long prompt shares no prefix).
        var calibration = await GenerateAsync(engine, Code("calibrate", 24), 1);
        var lines = Math.Max(1, (int)Math.Round(24.0 * TargetPromptTokens / calibration.PromptTokens));
        var prefill = await GenerateAsync(engine, Code("measure", lines), 1);

        var single = await DecodeAsync(engine, 1, decodeTokens);
        var eight = await DecodeAsync(engine, 8, decodeTokens);
        var afterRuns = Memory.Current();
        return new JsonObject
        {
            ["load_seconds"] = Round(loadSeconds),
            ["resident_mib_after_load"] = afterLoad.ResidentBytes >> 20,
            ["anonymous_mib_after_load"] = afterLoad.AnonymousBytes >> 20,
            ["file_mib_after_load"] = afterLoad.FileBytes >> 20,
            ["peak_resident_mib"] = afterRuns.PeakBytes >> 20,
            ["prompt_tokens"] = prefill.PromptTokens,
            ["ttft_seconds"] = Round(prefill.FirstTokenSeconds),
            ["tokens_per_second_1"] = Round(single),
            ["tokens_per_second_8"] = Round(eight),
        };
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static async Task<double> DecodeAsync(EngineTextGenerator engine, int concurrency, int tokens)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, concurrency)
            .Select(i => GenerateAsync(engine, $"def task_{concurrency}_{i}(values):\n    ", tokens)));
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
