using System.Diagnostics;
using System.Numerics.Tensors;
using Platform.Contracts.Generation;
using Platform.Inference.Sampling;

namespace Platform.Inference.Benchmarks;

/// <summary>
/// Sampling cost over Qwen2.5's 151,936-token vocabulary: temperature + top-p per token per sequence, and a whole step
/// of 64 sequences sampled in parallel, beside the old full-sort sampler (the floor of the speed-up ratio).
/// </summary>
internal static class SamplerBenchmark
{
    private const int Vocabulary = 151_936;
    private const int Rows = 64;

    public static object Run()
    {
        // Two logit shapes: "peaked" like a confident code model (a few tokens far ahead), "flat" (wide Gaussian,
        // where top-p keeps tens of thousands of tokens: the hard case for a threshold search).
        var peaked = Logits(seed: 1, spread: 1.5f, leaders: 8);
        var flat = Logits(seed: 2, spread: 1.0f, leaders: 0);
        var topP = new SamplingSettings { MaxTokens = 1_000_000, Temperature = 0.8f, TopP = 0.95f, Seed = 7 };
        var greedy = new SamplingSettings { MaxTokens = 1_000_000 };
        var topK = topP with { TopK = 50 };
        WarmUp(topP, topK, flat);

        return new
        {
            benchmark = "sampler",
            vocabulary = Vocabulary,
            processor_count = Environment.ProcessorCount,
            temperature = topP.Temperature,
            top_p = topP.TopP,
            per_token_ms = new
            {
                greedy_peaked = PerToken(greedy, peaked, 400),
                top_p_peaked = PerToken(topP, peaked, 400),
                top_p_flat = PerToken(topP, flat, 400),
                top_k50_top_p_flat = PerToken(topK, flat, 200),
                full_sort_top_p_peaked = PerTokenFullSort(peaked, 10),
                full_sort_top_p_flat = PerTokenFullSort(flat, 10),
                exp_floor = ExpFloor(flat, 400),
            },
            top_p_phases_flat_ms = Phases(topP, flat, 400),
            step_of_64_ms = new
            {
                top_p_parallel_peaked = Step(topP, peaked, parallel: true, steps: 40),
                top_p_parallel_flat = Step(topP, flat, parallel: true, steps: 40),
                top_p_serial_flat = Step(topP, flat, parallel: false, steps: 10),
            },
        };
    }

    /// <summary>
    /// Runs every path long enough for tiered compilation (through its instrumented tier) to settle on optimised code.
    /// </summary>
    private static void WarmUp(SamplingSettings topP, SamplingSettings topK, float[][] logits)
    {
        foreach (var settings in new[] { topP, topK, topP with { Temperature = 0f } })
        {
            var sampler = new Sampler(settings, Vocabulary, []);
            for (var i = 0; i < 1000; i++)
            {
                sampler.Sample(logits[i % logits.Length]);
            }
        }

        Thread.Sleep(500);
    }

    private static object PerToken(SamplingSettings settings, float[][] logits, int iterations)
    {
        var sampler = new Sampler(settings, Vocabulary, []);
        for (var i = 0; i < 20; i++)
        {
            sampler.Sample(logits[i % logits.Length]);
        }

        return Measure(iterations, i => sampler.Sample(logits[i % logits.Length]));
    }

    /// <summary>Wall and process CPU milliseconds per call: on a shared machine CPU time is the steadier of the two.</summary>
    private static object Measure(int iterations, Action<int> call)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            call(i);
        }

        stopwatch.Stop();
        process.Refresh();
        return new
        {
            wall = Math.Round(stopwatch.Elapsed.TotalMilliseconds / iterations, 4),
            cpu = Math.Round((process.TotalProcessorTime - cpu).TotalMilliseconds / iterations, 4),
        };
    }

    /// <summary>
    /// The floor a softmax cannot go under: one vectorised exp pass over the vocabulary (TensorPrimitives.Exp), into a
    /// buffer of its own. Top-p's ratio to it says how many such passes the sampler costs.
    /// </summary>
    private static object ExpFloor(float[][] logits, int iterations)
    {
        var destination = new float[Vocabulary];
        TensorPrimitives.Exp(logits[0], destination);
        return Measure(iterations, i => TensorPrimitives.Exp(logits[i % logits.Length], destination));
    }

    /// <summary>Top-p's phases timed apart (exp, the cut, the draw), to show where a token's time goes.</summary>
    private static object Phases(SamplingSettings settings, float[][] logits, int iterations)
    {
        var workspace = SamplingWorkspace.For(Vocabulary);
        var probabilities = new float[Vocabulary];
        var random = new DeterministicRandom(7);
        var cuts = new TopPCut[logits.Length];
        for (var i = 0; i < logits.Length; i++)
        {
            TokenSelection.Exponentiate(logits[i], settings.Temperature, probabilities);
            cuts[i] = TokenSelection.CutTopP(probabilities, settings.TopP, workspace);
        }

        var exp = Measure(iterations, i => TokenSelection.Exponentiate(logits[i % logits.Length], settings.Temperature, probabilities));
        TokenSelection.Exponentiate(logits[0], settings.Temperature, probabilities);
        var cut = Measure(iterations, _ => TokenSelection.CutTopP(probabilities, settings.TopP, workspace));
        var draw = Measure(iterations, _ => TokenSelection.DrawFromNucleus(probabilities, cuts[0], workspace, random.NextDouble()));
        return new { exponentiate = exp, cut_top_p = cut, draw };
    }

    private static object PerTokenFullSort(float[][] logits, int iterations)
    {
        var sampler = new FullSortSampler(0.8f, 0.95f, seed: 7);
        sampler.Sample(logits[0]);
        return Measure(iterations, i => sampler.Sample(logits[i % logits.Length]));
    }

    /// <summary>One step: each of 64 sequences (own sampler, own seed) samples its row, as the engine's step does.</summary>
    private static object Step(SamplingSettings settings, float[][] logits, bool parallel, int steps)
    {
        var samplers = Enumerable.Range(0, Rows).Select(i => new Sampler(settings with { Seed = i }, Vocabulary, [])).ToArray();
        var tokens = new int[Rows];
        void RunStep(int step)
        {
            if (parallel)
            {
                Parallel.For(0, Rows, r => tokens[r] = samplers[r].Sample(logits[(r + step) % logits.Length]));
            }
            else
            {
                for (var r = 0; r < Rows; r++)
                {
                    tokens[r] = samplers[r].Sample(logits[(r + step) % logits.Length]);
                }
            }
        }

        RunStep(0);
        return Measure(steps, step => RunStep(step + 1));
    }

    private static float[][] Logits(int seed, float spread, int leaders)
    {
        var random = new Random(seed);
        var rows = new float[Rows][];
        for (var r = 0; r < Rows; r++)
        {
            var row = new float[Vocabulary];
            for (var i = 0; i < row.Length; i++)
            {
                // Box–Muller: Gaussian logits.
                var u = 1.0 - random.NextDouble();
                row[i] = spread * (float)(Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            for (var l = 0; l < leaders; l++)
            {
                row[random.Next(Vocabulary)] = 14f - l;
            }

            rows[r] = row;
        }

        return rows;
    }
}
