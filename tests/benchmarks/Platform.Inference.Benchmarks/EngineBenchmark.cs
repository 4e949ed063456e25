using System.Diagnostics;
using Platform.Contracts.Generation;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.TinyModel;
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
        if (TinyModelWriter.EnsureCreated(modelDirectory, TinyModelSpec.Benchmark))
        {
            Note($"generated the benchmark model in {modelDirectory} ({total.Elapsed.TotalSeconds:F0} s)");
        }

        using var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(modelDirectory, ModelFiles.Tokenizer));
        var prompts = new PromptFactory(tokenizer, seed: 7);
        var random = new Random(11);

        // Two workloads: completion-like (long prompt, short answer: prefill-bound, which batching helps least on a CPU)
        // and decode-heavy (short prompt, long answer: where continuous batching pays).
        var (completionLike, completionUtilisation) = await MeasureWorkloadAsync("completion_like", 64, 128, OutputTokens, prompts, random);
        var (decodeHeavy, decodeUtilisation) = await MeasureWorkloadAsync("decode_heavy", 16, 32, 2 * OutputTokens, prompts, random);

        var sharedPrefix = prompts.Create(SharedPrefixTokens);
        var prefixWorkload = Enumerable.Range(0, 16).Select(_ => prompts.Create(SharedPrefixTokens + 16, sharedPrefix)).ToList();
        var withCache = await PrefillTokensAsync(prefixWorkload, prefixCaching: true, prompts);
        var withoutCache = await PrefillTokensAsync(prefixWorkload, prefixCaching: false, prompts);
        Note($"prefill tokens computed, shared prefix: {withCache} with prefix caching, {withoutCache} without");

        return new Dictionary<string, object>
        {
            ["model"] = new Dictionary<string, object>
            {
                ["spec"] = "TinyModelSpec.Benchmark",
                ["parameters"] = Parameters(TinyModelSpec.Benchmark),
                ["threads"] = _threads,
                ["block_size"] = BlockSize,
            },
            ["workloads"] = new[] { completionLike, decodeHeavy },
            ["prefix_workload"] = $"16 requests, {SharedPrefixTokens}-token shared prefix plus 16 own tokens, same tenant, 8 output tokens",
            // At 64 concurrent, per workload: the waste is each sequence's partly filled last block, so it depends on
            // the lengths in flight at the peak and moves by about half a percent from run to run.
            ["kv_slot_utilisation_at_peak"] = new Dictionary<string, object>
            {
                ["completion_like"] = completionUtilisation,
                ["decode_heavy"] = decodeUtilisation,
            },
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

    /// <summary>
    /// Generated tokens/s (output tokens over wall time, prefill included) at each concurrency, and the same engine
    /// forced to one request at a time. Both engines are loaded and warmed up before anything is measured, so JIT and
    /// first-shape allocations stay out of the numbers.
    /// </summary>
    private async Task<(Dictionary<string, object> Report, Dictionary<string, object> Utilisation)> MeasureWorkloadAsync(
        string name, int minPrompt, int maxPrompt, int outputTokens, PromptFactory prompts, Random random)
    {
        List<TextGenerationRequest> Requests(string prefix, int count) => Enumerable.Range(0, count)
            .Select(i => Request($"{name}-{prefix}-{i}", prompts.Create(random.Next(minPrompt, maxPrompt + 1)), outputTokens, $"{name}-{prefix}-{i}"))
            .ToList();

        var throughput = new Dictionary<string, object>();
        Dictionary<string, object> utilisation = [];
        await using var engine = Load(maxRunning: 64, prefixCaching: true);
        await using var oneAtATime = Load(maxRunning: 1, prefixCaching: true);
        await WarmUpAsync(engine, prompts);
        await RunAsync(engine, Requests("warm", 4));
        await WarmUpAsync(oneAtATime, prompts);
        await RunAsync(oneAtATime, Requests("warm-one", 1));

        // The 4x question is answered by pairs measured back to back (one at a time, then 16 concurrent), three times:
        // a shared machine's speed drifts within a minute, which would bias a ratio of runs taken far apart.
        var pairs = new List<(RunResult One, RunResult Sixteen)>();
        for (var round = 0; round < 3; round++)
        {
            pairs.Add((await RunAsync(oneAtATime, Requests($"one{round}", 8)), await RunAsync(engine, Requests($"c16-{round}", 16))));
        }

        var baseline = Median(pairs.Select(pair => pair.One.TokensPerSecond));
        var speedup = Median(pairs.Select(pair => pair.Sixteen.TokensPerSecond / pair.One.TokensPerSecond));
        Note($"[{name}] one at a time: {baseline:F1} tokens/s; 16 concurrent over one at a time, paired: "
            + string.Join(", ", pairs.Select(pair => $"{pair.Sixteen.TokensPerSecond / pair.One.TokensPerSecond:F2}")));
        foreach (var concurrency in Concurrencies)
        {
            using var peak = concurrency == Concurrencies[^1] ? new PeakKvSampler(engine) : null;
            var result = concurrency == 16
                ? MedianRun(pairs.Select(pair => pair.Sixteen))
                : await MedianRunAsync(engine, () => Requests($"c{concurrency}", concurrency));
            throughput[$"concurrent_{concurrency}"] = result.TokensPerSecond;
            Note($"[{name}] {concurrency,3} concurrent: {result.TokensPerSecond:F1} tokens/s ({result.Tokens} tokens in {result.Seconds:F1} s)");
            if (peak is not null)
            {
                utilisation = peak.Report();
            }
        }

        return (new Dictionary<string, object>
        {
            ["name"] = name,
            ["prompt_tokens"] = $"{minPrompt}-{maxPrompt} (uniform)",
            ["output_tokens"] = outputTokens,
            ["stop_at_eos"] = false,
            ["generated_tokens_per_second"] = throughput,
            ["one_at_a_time_tokens_per_second"] = Math.Round(baseline, 1),
            ["speedup_at_16_concurrent"] = Math.Round(speedup, 2),
            ["speedup_at_16_concurrent_method"] = "median of three back-to-back pairs (8 requests one at a time, then 16 concurrent)",
            ["speedup_at_64_concurrent"] = Math.Round((double)throughput["concurrent_64"] / baseline, 2),
            ["speedup_target_met"] = speedup >= 4,
        }, utilisation);
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
        new(id, prompt, new SamplingSettings { MaxTokens = maxTokens, IgnoreEndOfSequence = true }) { CacheSalt = tenant };

    /// <summary>The median of three runs of fresh requests: this machine is shared and single runs are noisy.</summary>
    private static async Task<RunResult> MedianRunAsync(EngineTextGenerator engine, Func<List<TextGenerationRequest>> requests)
    {
        var runs = new List<RunResult>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await RunAsync(engine, requests()));
        }

        return MedianRun(runs);
    }

    private static RunResult MedianRun(IEnumerable<RunResult> runs)
    {
        var sorted = runs.OrderBy(run => run.TokensPerSecond).ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

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
