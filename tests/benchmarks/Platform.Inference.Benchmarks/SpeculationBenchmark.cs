using System.Diagnostics;
using System.Text;
using Platform.Contracts.Generation;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.TinyModel;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Benchmarks;

/// <summary>
/// Prompt-lookup speculation on vs off, greedy, on the ~31M-parameter generated model: an edit-like workload (the
/// output repeats text already in the prompt) and ordinary prompts. Random weights do not copy on their own, so the
/// edit-like prompts are chosen: a seed prompt's greedy continuation is generated first, seeds whose continuation
/// falls into a repeating loop are kept, and the prompt is the seed plus that continuation; the measured output then
/// continues the loop the prompt already holds, as an edit continues code it was shown.
/// </summary>
internal sealed class SpeculationBenchmark(string modelDirectory)
{
    private const int OutputTokens = 64;
    private const int Rounds = 3;
    private readonly int _threads = Environment.ProcessorCount;

    public async Task<Dictionary<string, object>> RunAsync()
    {
        var total = Stopwatch.StartNew();
        TinyModelWriter.EnsureCreated(modelDirectory, TinyModelSpec.Benchmark);
        using var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(modelDirectory, ModelFiles.Tokenizer));
        var prompts = new PromptFactory(tokenizer, seed: 23);
        await using var off = Load(speculativeTokens: 0);
        await using var on = Load(speculativeTokens: new EngineOptions().SpeculativeTokens);

        var (editPrompts, candidates) = await LoopingPromptsAsync(off, prompts, wanted: 4);
        Note($"edit-like: {editPrompts.Count} of {candidates} seed prompts loop under greedy decoding");
        var ordinary = Enumerable.Range(0, 4).Select(_ => prompts.Create(96)).ToList();

        var results = new Dictionary<string, object>();
        foreach (var (name, workload) in new[] { ("edit_like", editPrompts), ("ordinary", ordinary) })
        {
            foreach (var concurrency in new[] { 1, 4 })
            {
                results[$"{name}_concurrent_{concurrency}"] = await CompareAsync(off, on, workload.Take(concurrency).ToList(), $"{name}-{concurrency}");
            }
        }

        var defaults = new EngineOptions();
        return new Dictionary<string, object>
        {
            ["model"] = "TinyModelSpec.Benchmark (~31M parameters, random weights), CPU paged runner",
            ["threads"] = _threads,
            ["speculation"] = $"prompt lookup, {defaults.SpeculativeTokens} drafts, n-gram {defaults.PromptLookupMax} down to {defaults.PromptLookupMin}",
            ["output_tokens"] = OutputTokens,
            ["edit_like_method"] = $"seed prompts whose greedy continuation loops ({editPrompts.Count} of {candidates} tried), prompt = seed + 192 continuation tokens",
            ["ordinary_method"] = "random code-like statements, 96 prompt tokens",
            ["results"] = results,
            ["wall_seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
    }

    /// <summary>Median over rounds of paired runs (off, then on, back to back) of the same requests.</summary>
    private static async Task<Dictionary<string, object>> CompareAsync(EngineTextGenerator off, EngineTextGenerator on, List<string> workload, string name)
    {
        await RunAsync(off, workload, "warm");
        await RunAsync(on, workload, "warm");
        var ratios = new List<double>();
        var (offRates, onRates) = (new List<double>(), new List<double>());
        var (drafted, accepted) = (0L, 0L);
        var identical = true;
        for (var round = 0; round < Rounds; round++)
        {
            var plain = await RunAsync(off, workload, $"{name}-off-{round}");
            var before = on.Stats;
            var speculated = await RunAsync(on, workload, $"{name}-on-{round}");
            drafted += on.Stats.SpecDecodeDraftTokens - before.SpecDecodeDraftTokens;
            accepted += on.Stats.SpecDecodeAcceptedTokens - before.SpecDecodeAcceptedTokens;
            identical &= plain.Text == speculated.Text;

            (offRates, onRates) = ([.. offRates, plain.TokensPerSecond], [.. onRates, speculated.TokensPerSecond]);
            ratios.Add(speculated.TokensPerSecond / plain.TokensPerSecond);
        }

        var ratio = Median(ratios);
        Note($"[{name}] off {Median(offRates):F1} tokens/s, on {Median(onRates):F1} tokens/s, paired ratios {string.Join(", ", ratios.Select(r => r.ToString("F2")))}, acceptance {(double)accepted / Math.Max(1, drafted):P0}");
        return new Dictionary<string, object>
        {
            ["requests"] = workload.Count,
            ["tokens_per_second_off"] = Math.Round(Median(offRates), 1),
            ["tokens_per_second_on"] = Math.Round(Median(onRates), 1),
            ["speedup"] = Math.Round(ratio, 3),
            ["draft_tokens"] = drafted,
            ["accepted_tokens"] = accepted,
            ["acceptance_rate"] = Math.Round((double)accepted / Math.Max(1, drafted), 3),
            ["outputs_identical"] = identical,
        };
    }

    /// <summary>Seed prompts whose 256-token greedy continuation ends in a loop: its last 32 characters occur earlier in it.</summary>
    private static async Task<(List<string> Prompts, int Candidates)> LoopingPromptsAsync(EngineTextGenerator engine, PromptFactory prompts, int wanted)
    {
        var found = new List<string>();
        var candidates = 0;
        while (found.Count < wanted && candidates < 40)
        {
            candidates++;
            var seed = prompts.Create(48);
            var continuation = (await RunAsync(engine, [seed], $"seed-{candidates}", maxTokens: 256)).Text;
            var tail = continuation[^Math.Min(32, continuation.Length)..];
            if (continuation.Length > 64 && continuation[..^tail.Length].Contains(tail, StringComparison.Ordinal))
            {
                // The first 192 of the 256 tokens, roughly: the measured output continues where the loop left off.
                found.Add(seed + continuation[..(continuation.Length * 3 / 4)]);
            }
        }

        return (found, candidates);
    }

    private EngineTextGenerator Load(int speculativeTokens) => EngineTextGenerator.Load(modelDirectory, "benchmark", new EngineOptions
    {
        BlockSize = 16,
        NumBlocks = 1024,
        MaxBatchedTokens = 1024,
        MaxRunningSequences = 16,
        IntraOpThreads = _threads,
        SpeculativeTokens = speculativeTokens,
    });

    private static async Task<(double TokensPerSecond, string Text)> RunAsync(
        EngineTextGenerator engine, List<string> workload, string name, int maxTokens = OutputTokens)
    {
        var clock = Stopwatch.StartNew();
        var outputs = await Task.WhenAll(workload.Select(async (prompt, i) =>
        {
            var text = new StringBuilder();
            var tokens = 0;
            var request = new TextGenerationRequest($"{name}-{i}", prompt, new SamplingSettings { MaxTokens = maxTokens, IgnoreEndOfSequence = true })
            {
                CacheSalt = $"{name}-{i}",
            };
            await foreach (var chunk in engine.GenerateAsync(request))
            {
                text.Append(chunk.Text);
                tokens = chunk.CompletionTokens;
            }

            return (Tokens: tokens, Text: text.ToString());
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        return (outputs.Sum(o => o.Tokens) / seconds, string.Join("\u0000", outputs.Select(o => o.Text)));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void Note(string message) => Console.Error.WriteLine(message);
}
