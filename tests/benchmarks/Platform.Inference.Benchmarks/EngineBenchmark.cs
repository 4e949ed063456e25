using System.Diagnostics;
using Platform.Inference.Engine;
using Platform.Inference.Models;
using Platform.Inference.Runtime;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Benchmarks;

/// <summary>The measurements of the engine issue's benchmark, in one run.</summary>
internal sealed class EngineBenchmark(string modelDirectory)
{
    private const int BlockSize = 16;
    private const int OutputTokens = 64;
    private const int SharedPrefixTokens = 512;
    private static readonly int[] Concurrencies = [1, 4, 16, 64];

    private readonly int _threads = Environment.ProcessorCount;

    public async Task<Dictionary<string, object>> RunAsync()
    {
        var total = Stopwatch.StartNew();
        if (TinyModel.EnsureCreated(modelDirectory, TinyModelSpec.Benchmark))
        {
            Note($"generated the benchmark model in {modelDirectory} ({total.Elapsed.TotalSeconds:F0} s)");
        }

        var tokenizer = TokenizerJsonReader.Load(Path.Combine(modelDirectory, TinyModel.TokenizerFileName));
        var prompts = new PromptFactory(tokenizer, seed: 7);
        var random = new Random(11);

        var throughput = new Dictionary<string, object>();
        Dictionary<string, object> utilisation;
        await using (var engine = Load(maxRunning: 64, prefixCaching: true))
        {
            await WarmUpAsync(engine, prompts);
            utilisation = [];
            foreach (var concurrency in Concurrencies)
            {
                var requests = Enumerable.Range(0, concurrency)
                    .Select(i => Request($"c{concurrency}-{i}", prompts.Create(random.Next(64, 129)), OutputTokens, $"tenant-{concurrency}-{i}"))
                    .ToList();
                using var peak = concurrency == Concurrencies[^1] ? new PeakKvSampler(engine) : null;
                var result = await RunAsync(engine, requests);
                throughput[$"concurrent_{concurrency}"] = result.TokensPerSecond;
                Note($"{concurrency,3} concurrent: {result.TokensPerSecond:F1} tokens/s ({result.Tokens} tokens in {result.Seconds:F1} s)");
                if (peak is not null)
                {
                    utilisation = peak.Report();
                }
            }
        }

        double baseline;
        await using (var engine = Load(maxRunning: 1, prefixCaching: true))
        {
            await WarmUpAsync(engine, prompts);
            var requests = Enumerable.Range(0, 4)
                .Select(i => Request($"one-{i}", prompts.Create(random.Next(64, 129)), OutputTokens, $"one-{i}"))
                .ToList();
            var result = await RunAsync(engine, requests);
            baseline = result.TokensPerSecond;
            Note($"one at a time: {baseline:F1} tokens/s");
        }

        var sharedPrefix = prompts.Create(SharedPrefixTokens);
        var prefixWorkload = Enumerable.Range(0, 16).Select(_ => prompts.Create(SharedPrefixTokens + 16, sharedPrefix)).ToList();
        var withCache = await PrefillTokensAsync(prefixWorkload, prefixCaching: true, prompts);
        var withoutCache = await PrefillTokensAsync(prefixWorkload, prefixCaching: false, prompts);
        Note($"prefill tokens computed, shared prefix: {withCache} with prefix caching, {withoutCache} without");

        var speedup = (double)throughput["concurrent_16"] / baseline;
        return new Dictionary<string, object>
        {
            ["model"] = new Dictionary<string, object>
            {
                ["spec"] = "TinyModelSpec.Benchmark",
                ["parameters"] = Parameters(TinyModelSpec.Benchmark),
                ["threads"] = _threads,
                ["block_size"] = BlockSize,
            },
            ["workload"] = new Dictionary<string, object>
            {
                ["prompt_tokens"] = "64-128 (uniform)",
                ["output_tokens"] = OutputTokens,
                ["stop_at_eos"] = false,
                ["prefix_workload"] = $"16 requests, {SharedPrefixTokens}-token shared prefix plus 16 own tokens, same tenant, 8 output tokens",
            },
            ["generated_tokens_per_second"] = throughput,
            ["one_at_a_time_tokens_per_second"] = Math.Round(baseline, 1),
            ["speedup_at_16_concurrent"] = Math.Round(speedup, 2),
            ["speedup_target_met"] = speedup >= 4,
            ["kv_slot_utilisation_at_peak"] = utilisation,
            ["prefix_caching"] = new Dictionary<string, object>
            {
                ["prefill_tokens_computed_with_cache"] = withCache,
                ["prefill_tokens_computed_without_cache"] = withoutCache,
                ["reduction"] = Math.Round(1 - ((double)withCache / withoutCache), 4),
                ["target_met"] = withCache <= 0.2 * withoutCache,
            },
            ["wall_seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
    }

    private EngineTextGenerator Load(int maxRunning, bool prefixCaching) => EngineTextGenerator.Load(modelDirectory, "benchmark", new EngineOptions
    {
        BlockSize = BlockSize,
        NumBlocks = 1024,
        MaxBatchedTokens = 1024,
        MaxRunningSequences = maxRunning,
        EnablePrefixCaching = prefixCaching,
        IntraOpThreads = _threads,
    });

    /// <summary>Prefill tokens computed for the workload: one request warms the tenant's cache, then the rest arrive together.</summary>
    private async Task<long> PrefillTokensAsync(List<string> workload, bool prefixCaching, PromptFactory prompts)
    {
        await using var engine = Load(maxRunning: 64, prefixCaching);
        await WarmUpAsync(engine, prompts);
        var before = engine.Stats.ComputedPrefillTokens;
        await RunAsync(engine, [Request("prefix-0", workload[0], 8, "shared-tenant")]);
        await RunAsync(engine, [.. workload.Skip(1).Select((p, i) => Request($"prefix-{i + 1}", p, 8, "shared-tenant"))]);
        return engine.Stats.ComputedPrefillTokens - before;
    }

    private static async Task WarmUpAsync(EngineTextGenerator engine, PromptFactory prompts) =>
        await RunAsync(engine, [Request("warm-up", prompts.Create(32), 4, "warm-up")]);

    private static TextGenerationRequest Request(string id, string prompt, int maxTokens, string tenant) =>
        new(id, prompt, new SamplingParams { MaxTokens = maxTokens, StopAtEndOfSequence = false }) { CacheSalt = tenant };

    private static async Task<RunResult> RunAsync(EngineTextGenerator engine, List<TextGenerationRequest> requests)
    {
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(requests.Select(async request =>
        {
            var tokens = 0;
            await foreach (var chunk in engine.GenerateAsync(request))
            {
                tokens = chunk.CompletionTokens;
            }

            return tokens;
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var generated = counts.Sum();
        return new RunResult(generated, seconds, Math.Round(generated / seconds, 1));
    }

    private static long Parameters(TinyModelSpec spec)
    {
        long h = spec.HiddenSize, kv = spec.NumKeyValueHeads * spec.HeadSize;
        var layer = (h * h) + (2 * h * kv) + (h * h) + (2 * kv) + h + (3 * h * spec.IntermediateSize) + (2 * h);
        return (2 * spec.VocabSize * h) + (spec.NumHiddenLayers * layer) + h;
    }

    private static void Note(string message) => Console.Error.WriteLine(message);

    private sealed record RunResult(int Tokens, double Seconds, double TokensPerSecond);
}
