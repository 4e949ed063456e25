using System.Diagnostics;
using Platform.Contracts.Generation;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Tokenization;

namespace Platform.Gpu.Benchmarks;

/// <summary>
/// (b) An offline burst through the whole engine (scheduler, runner, host-side greedy sampling, streaming): every
/// request arrives at t0, end-of-sequence is ignored, so each makes exactly the asked output tokens. TTFT is from t0
/// to the step that produced a request's first token; ITL the gaps between its later tokens' steps (see TimedRunner).
/// </summary>
internal sealed class ThroughputRun(BenchOptions options, (string Cpu, string Gpu) folders)
{
    public async Task<Dictionary<string, object>> RunAsync()
    {
        var folder = options.Provider == "cuda" ? folders.Gpu : folders.Cpu;
        var config = GenAiConfig.Load(Path.Combine(folder, GenAiConfig.FileName));
        using var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(folder, ModelFiles.Tokenizer));
        var blockSize = options.BlockSize;
        var perSequence = (options.PromptTokens + options.OutputTokens + blockSize - 1) / blockSize;
        var numBlocks = (options.Requests + 4) * perSequence;
        var load = Stopwatch.StartNew();
        using var runner = new TimedRunner(Runners.Create(options.Provider, folders, config, numBlocks, blockSize));
        var loadSeconds = load.Elapsed.TotalSeconds;
        var scheduler = new Scheduler(new SchedulerOptions
        {
            BlockSize = blockSize, NumBlocks = numBlocks, MaxBatchedTokens = options.MaxBatchedTokens,
            MaxRunningSequences = options.Requests, MaxModelLength = config.ContextLength, EnablePrefixCaching = false,
        });
        using var engine = new LlmEngine(scheduler, runner, tokenizer, config.EosTokenIds, options.Requests, "gpu-bench");
        engine.Start();
        var random = new Random(17);
        var sampling = new SamplingSettings { MaxTokens = options.OutputTokens, IgnoreEndOfSequence = true };

        // Warm-up: kernel selection, arena growth, first-run allocations stay out of the numbers.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Consume(engine, Prompt($"warm-{i}", 64, sampling with { MaxTokens = 8 }, tokenizer.VocabularySize, random))));

        var (stepsBefore, runnerBefore) = (runner.Steps, runner.RunnerSeconds);
        var start = Stopwatch.GetTimestamp();
        var runs = Enumerable.Range(0, options.Requests)
            .Select(i => Consume(engine, Prompt($"r{i}", options.PromptTokens, sampling, tokenizer.VocabularySize, random)))
            .ToList();
        var tokens = (await Task.WhenAll(runs)).Sum();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var timed = runner.TokenTimes.Where(t => !t.Key.StartsWith("warm-", StringComparison.Ordinal)).Select(t => t.Value).ToList();
        var ttft = timed.Select(t => Stopwatch.GetElapsedTime(start, t[0]).TotalMilliseconds).Order().ToArray();
        var itl = timed.SelectMany(t => t.Zip(t.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds)).Order().ToArray();
        var steps = runner.Steps - stepsBefore;
        return new Dictionary<string, object>
        {
            ["provider"] = options.Provider,
            ["spec"] = options.Spec,
            ["requests"] = options.Requests,
            ["prompt_tokens"] = options.PromptTokens,
            ["output_tokens"] = options.OutputTokens,
            ["block_size"] = blockSize,
            ["max_batched_tokens"] = options.MaxBatchedTokens,
            ["kv_blocks"] = numBlocks,
            ["runner_load_seconds"] = loadSeconds,
            ["total_output_tokens"] = tokens,
            ["seconds"] = seconds,
            ["output_tokens_per_second"] = tokens / seconds,
            ["ttft_ms_p50"] = Percentile(ttft, 0.50),
            ["ttft_ms_p99"] = Percentile(ttft, 0.99),
            ["itl_ms_p50"] = Percentile(itl, 0.50),
            ["itl_ms_p99"] = Percentile(itl, 0.99),
            ["steps"] = steps,
            ["runner_seconds"] = runner.RunnerSeconds - runnerBefore,
            ["mean_step_ms"] = 1000 * seconds / Math.Max(steps, 1),
            ["preemptions"] = engine.Stats.Preemptions,
        };
    }

    private static Sequence Prompt(string id, int length, SamplingSettings sampling, int vocabularySize, Random random) =>
        new(id, Enumerable.Range(0, length).Select(_ => random.Next(vocabularySize)), sampling);

    private static async Task<int> Consume(LlmEngine engine, Sequence sequence)
    {
        var tokens = 0;
        await foreach (var chunk in engine.Add(sequence).ReadAllAsync())
        {
            tokens = chunk.CompletionTokens;
        }

        return tokens;
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
