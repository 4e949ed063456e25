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
/// output repeats text already in the prompt) and ordinary prompts. Random weights do not copy on their own (their
/// greedy output repeats the prompt for one token in ten at best), so the edit-like workload runs on a copy of the
/// model made to repeat: see <see cref="RepeatingModel"/>.
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
        var speculative = new EngineOptions().SpeculativeTokens;
        await using var off = Load(modelDirectory, speculativeTokens: 0);
        await using var on = Load(modelDirectory, speculative);
        var repeating = RepeatingModel();
        await using var editOff = Load(repeating, speculativeTokens: 0);
        await using var editOn = Load(repeating, speculative);
        var editPrompts = await RepeatingPromptsAsync(editOff, prompts, 4);
        var ordinary = Enumerable.Range(0, 4).Select(_ => prompts.Create(96)).ToList();

        var results = new Dictionary<string, object>();
        foreach (var concurrency in new[] { 1, 4 })
        {
            results[$"edit_like_concurrent_{concurrency}"] = await CompareAsync(editOff, editOn, editPrompts.Take(concurrency).ToList(), $"edit-{concurrency}");
            results[$"ordinary_concurrent_{concurrency}"] = await CompareAsync(off, on, ordinary.Take(concurrency).ToList(), $"ordinary-{concurrency}");
        }

        var defaults = new EngineOptions();
        return new Dictionary<string, object>
        {
            ["model"] = "TinyModelSpec.Benchmark (~31M parameters, random weights), CPU paged runner",
            ["threads"] = _threads,
            ["speculation"] = $"prompt lookup, {defaults.SpeculativeTokens} drafts, n-gram {defaults.PromptLookupMax} down to {defaults.PromptLookupMin}",
            ["output_tokens"] = OutputTokens,
            ["edit_like_method"] = "the benchmark model with o_proj and down_proj zeroed (same cost per token; next token depends on the last only, so output cycles); prompt = 48-token seed + its 128-token greedy continuation, which holds the cycle the output repeats",
            ["ordinary_method"] = "the benchmark model (random weights) on random code-like statements, 96 prompt tokens",
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

    /// <summary>
    /// A copy of the benchmark model whose attention and MLP outputs are zero (o_proj and down_proj weights zeroed):
    /// every matrix is still multiplied, so a token costs what it costs the original, but the next token depends only on
    /// the last one, so greedy output soon cycles and a prompt holding the cycle is continued by repeating it.
    /// </summary>
    private string RepeatingModel()
    {
        var directory = modelDirectory.TrimEnd('/') + "-repeating";
        if (File.Exists(Path.Combine(directory, ModelFiles.PagedDecoder)))
        {
            return directory;
        }

        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(modelDirectory).Where(f => Path.GetFileName(f) != ModelFiles.PagedDecoder))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        }

        var spec = TinyModelSpec.Benchmark;
        var weights = TinyModelWeights.Create(spec).Tensors.ToDictionary(
            pair => pair.Key,
            pair => pair.Key.EndsWith("o_proj.weight", StringComparison.Ordinal) || pair.Key.EndsWith("down_proj.weight", StringComparison.Ordinal)
                ? pair.Value with { Data = new float[pair.Value.Data.Length] }
                : pair.Value);
        ModelFiles.WriteAtomically(directory, ModelFiles.PagedDecoder, s => DecoderGraphBuilder.WritePaged(spec.Architecture, new DecoderWeights(weights), s));
        return directory;
    }

    /// <summary>A seed prompt plus 128 tokens of the repeating model's own greedy continuation (which holds its cycle).</summary>
    private static async Task<List<string>> RepeatingPromptsAsync(EngineTextGenerator engine, PromptFactory prompts, int count)
    {
        var seeds = Enumerable.Range(0, count).Select(_ => prompts.Create(48)).ToList();
        var result = new List<string>();
        for (var i = 0; i < count; i++)
        {
            result.Add(seeds[i] + (await RunAsync(engine, [seeds[i]], $"seed-{i}", maxTokens: 128)).Text);
        }

        return result;
    }

    private EngineTextGenerator Load(string directory, int speculativeTokens) => EngineTextGenerator.Load(directory, "benchmark", new EngineOptions
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
