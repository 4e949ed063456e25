using System.Diagnostics;
using Platform.Contracts.Generation;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Runners;
using Platform.Inference.TinyModel;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Benchmarks;

/// <summary>
/// The scheduling issue's measurements, each comparing two settings in the same run on one generated long-context
/// model: inter-token latency of running streams while a long prompt arrives (long-prefill cap on, off, and no long
/// prompt at all), time to first token of completions queued behind chat (priority on, off), and swap-in against
/// recompute for a preempted sequence. The engine is stepped on this thread, so every time is one step's wall time.
/// </summary>
internal sealed class SchedulingBenchmark(string modelDirectory, IReadOnlyList<int> prefillCaps)
{
    private const int BlockSize = 16;
    private const int Streams = 8;
    private const int LongPrompt = 4000;
    private const int QueuedChats = 50;
    private const int Completions = 5;
    private const int SwappedTokens = 1000;

    /// <summary>Long enough for the 4,000-token prompt, small enough to run on a loaded two-core machine.</summary>
    public static TinyModelSpec Spec { get; } = new()
    {
        HiddenSize = 256,
        IntermediateSize = 704,
        NumHiddenLayers = 4,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        VocabSize = 2048,
        ContextLength = 8192,
        TokenizerMerges = 1500,
    };

    private readonly Random _random = new(5);
    private GenAiConfig _config = null!;
    private HuggingFaceTokenizer _tokenizer = null!;

    public Dictionary<string, object> Run()
    {
        var total = Stopwatch.StartNew();
        var loadAtStart = LoadAverage();
        if (TinyModelWriter.EnsureCreated(modelDirectory, Spec))
        {
            Note($"generated the benchmark model in {modelDirectory}");
        }

        _config = GenAiConfig.Load(Path.Combine(modelDirectory, GenAiConfig.FileName));
        using var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(modelDirectory, ModelFiles.Tokenizer));
        _tokenizer = tokenizer;

        Measure(cap: 0, longPrompt: false, steps: 8); // warm-up: JIT and first shapes
        var baseline = Measure(cap: 0, longPrompt: false, steps: 60);
        var capOff = Measure(cap: 0, longPrompt: true, steps: 0);
        var capped = prefillCaps.ToDictionary(cap => cap, cap => Measure(cap, longPrompt: true, steps: 0));
        var priorityOn = TimeToFirstToken(priority: true);
        var priorityOff = TimeToFirstToken(priority: false);
        var swap = SwapAgainstRecompute();

        var latency = new Dictionary<string, object>
        {
            ["workload"] = $"{Streams} running decodes; a {LongPrompt}-token prompt arrives; MaxBatchedTokens 1024",
            ["no_long_prompt"] = baseline,
            ["long_prompt_cap_off"] = capOff,
            ["p99_cap_off_over_p99_no_long_prompt"] = Math.Round(capOff["p99"] / baseline["p99"], 2),
        };
        foreach (var (cap, result) in capped)
        {
            latency[$"long_prompt_cap_{cap}"] = result;
            latency[$"p99_cap_{cap}_over_p99_no_long_prompt"] = Math.Round(result["p99"] / baseline["p99"], 2);
            latency[$"target_met_cap_{cap}"] = result["p99"] <= 2 * baseline["p99"];
        }

        return new Dictionary<string, object>
        {
            ["model"] = $"generated Qwen2 shape: hidden {Spec.HiddenSize}, {Spec.NumHiddenLayers} layers, context {Spec.ContextLength}",
            ["load_average_at_start"] = loadAtStart,
            ["inter_token_latency_ms"] = latency,
            ["time_to_first_token_ms"] = new Dictionary<string, object>
            {
                ["workload"] = $"{QueuedChats} chat requests queued, then {Completions} completions; 8 running at once",
                ["completions_priority_on"] = priorityOn,
                ["completions_priority_off"] = priorityOff,
                ["mean_ratio_off_over_on"] = Math.Round(priorityOff["mean"] / priorityOn["mean"], 2),
            },
            ["swap_against_recompute_ms"] = swap,
            ["load_average_at_end"] = LoadAverage(),
            ["wall_seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
    }

    /// <summary>Inter-token latencies of the running streams: for a fixed number of steps, or until the long prompt's first token.</summary>
    private Dictionary<string, double> Measure(int cap, bool longPrompt, int steps)
    {
        using var harness = Engine(new SchedulerOptions
        {
            BlockSize = BlockSize, NumBlocks = 1024, MaxBatchedTokens = 1024, MaxRunningSequences = 16,
            MaxModelLength = Spec.ContextLength, LongPrefillTokenThreshold = cap, EnablePrefixCaching = false,
        });
        var streams = Enumerable.Range(0, Streams).Select(i => harness.Add(Sequence($"stream-{i}", 32, 2000))).ToList();
        // Every stream decoding before anything is measured.
        while (streams.Any(s => s.Tokens == 0))
        {
            harness.Step();
        }

        var gaps = new List<double>();
        var arrived = Stopwatch.GetTimestamp();
        Tracked? prompt = longPrompt ? harness.Add(Sequence("long", LongPrompt, 1)) : null;
        for (var step = 0; prompt is null ? step < steps : prompt.Tokens == 0; step++)
        {
            var before = streams.Select(s => s.LastToken).ToList();
            harness.Step();
            for (var i = 0; i < streams.Count; i++)
            {
                if (streams[i].LastToken != before[i])
                {
                    gaps.Add((streams[i].LastToken - before[i]).TotalMilliseconds);
                }
            }
        }

        Note($"ITL cap {cap} long {longPrompt}: {gaps.Count} gaps, p99 {Percentile(gaps, 0.99):F1} ms");
        var result = new Dictionary<string, double>
        {
            ["p50"] = Math.Round(Percentile(gaps, 0.5), 2),
            ["p99"] = Math.Round(Percentile(gaps, 0.99), 2),
            ["max"] = Math.Round(gaps.Max(), 2),
            ["steps"] = gaps.Count / Streams,
        };
        if (prompt is not null)
        {
            // What the cap costs the long prompt itself.
            result["long_prompt_time_to_first_token"] = Math.Round((prompt.FirstToken - arrived) * 1000.0 / Stopwatch.Frequency, 1);
        }

        return result;
    }

    /// <summary>Completions arrive just after 50 chat requests; with priority off all share one class.</summary>
    private Dictionary<string, double> TimeToFirstToken(bool priority)
    {
        using var harness = Engine(new SchedulerOptions
        {
            BlockSize = BlockSize, NumBlocks = 1024, MaxBatchedTokens = 1024, MaxRunningSequences = 8,
            MaxModelLength = Spec.ContextLength, PriorityAgingInterval = TimeSpan.FromSeconds(1),
        });
        // The worker's levels: chat 3, completion 1 (see ModelQueues.SchedulingPriority).
        for (var i = 0; i < QueuedChats; i++)
        {
            harness.Add(Sequence($"chat-{i}", 200, 32, priority ? 3 : 1));
        }

        var completions = Enumerable.Range(0, Completions).Select(i => harness.Add(Sequence($"completion-{i}", 200, 8, 1))).ToList();
        var start = Stopwatch.GetTimestamp();
        while (completions.Any(c => c.Tokens == 0))
        {
            harness.Step();
        }

        var ttft = completions.Select(c => (c.FirstToken - start) * 1000.0 / Stopwatch.Frequency).ToList();
        Note($"TTFT priority {priority}: mean {ttft.Average():F0} ms");
        return new Dictionary<string, double> { ["mean"] = Math.Round(ttft.Average(), 1), ["max"] = Math.Round(ttft.Max(), 1) };
    }

    /// <summary>A 1,000-token sequence's KV copied out and back in, against computing it again as a preempted one does.</summary>
    private Dictionary<string, object> SwapAgainstRecompute()
    {
        var blocks = (SwappedTokens + BlockSize - 1) / BlockSize;
        var options = new SchedulerOptions
        {
            BlockSize = BlockSize, NumBlocks = 256, MaxBatchedTokens = 1024, MaxRunningSequences = 8, MaxModelLength = Spec.ContextLength,
            EnablePrefixCaching = false, PreemptionMode = PreemptionMode.Swap, NumHostBlocks = blocks,
        };
        using var harness = Engine(options);
        harness.Add(Sequence("warm-up", SwappedTokens, 1));
        harness.Step(); // first shapes and JIT out of the numbers
        var prompt = harness.Add(Sequence("long", SwappedTokens, 4));
        var recompute = Stopwatch.StartNew();
        harness.Step(); // the whole prompt in one step: what recomputing a preempted 1,000-token sequence costs
        recompute.Stop();

        var copies = Enumerable.Range(0, blocks).Select(i => new BlockCopy(prompt.Sequence.BlockTable[i], i)).ToArray();
        harness.Runner.CopyOut(copies);
        harness.Runner.CopyIn(copies);
        // Medians of several copies: on a loaded machine one can be descheduled mid-way.
        var outTimes = new List<double>();
        var inTimes = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var clock = Stopwatch.StartNew();
            harness.Runner.CopyOut(copies);
            outTimes.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            harness.Runner.CopyIn(copies);
            inTimes.Add(clock.Elapsed.TotalMilliseconds);
        }

        var (swapOut, swapIn) = (Percentile(outTimes, 0.5), Percentile(inTimes, 0.5));
        var bytes = blocks * harness.Runner.KvBlockBytes;
        return new Dictionary<string, object>
        {
            ["tokens"] = SwappedTokens,
            ["kv_bytes"] = bytes,
            ["recompute"] = Math.Round(recompute.Elapsed.TotalMilliseconds, 2),
            ["swap_out_median"] = Math.Round(swapOut, 3),
            ["swap_in_median"] = Math.Round(swapIn, 3),
            ["recompute_over_swap_in"] = Math.Round(recompute.Elapsed.TotalMilliseconds / swapIn, 1),
        };
    }

    private Tracked Sequence(string id, int promptTokens, int maxTokens, int priority = 0) =>
        new(new Sequence(id, Enumerable.Range(0, promptTokens).Select(_ => _random.Next(300, _tokenizer.VocabularySize - 16)),
            new SamplingSettings { MaxTokens = maxTokens, IgnoreEndOfSequence = true }) { Priority = priority });

    private Harness Engine(SchedulerOptions options)
    {
        var runner = new PagedModelRunner(Path.Combine(modelDirectory, ModelFiles.PagedDecoder), _config.Decoder, _config.VocabSize,
            options.NumBlocks * options.BlockSize, Environment.ProcessorCount, options.BlockSize, options.NumHostBlocks);
        return new Harness(new LlmEngine(new Scheduler(options), runner, _tokenizer, _config.EosTokenIds, options.MaxRunningSequences), runner);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static void Note(string message) => Console.Error.WriteLine(message);

    /// <summary>A sequence and when its tokens arrived (read after every step).</summary>
    private sealed class Tracked(Sequence sequence)
    {
        public Sequence Sequence { get; } = sequence;

        public System.Threading.Channels.ChannelReader<GeneratedChunk>? Chunks { get; set; }

        public int Tokens { get; set; }

        public long FirstToken { get; set; }

        public TimeSpan LastToken { get; set; }
    }

    private sealed class Harness(LlmEngine engine, PagedModelRunner runner) : IDisposable
    {
        private readonly List<Tracked> _tracked = [];
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public PagedModelRunner Runner => runner;

        public Tracked Add(Tracked tracked)
        {
            tracked.Chunks = engine.Add(tracked.Sequence);
            _tracked.Add(tracked);
            return tracked;
        }

        public void Step()
        {
            engine.Step();
            var now = _clock.Elapsed;
            var timestamp = Stopwatch.GetTimestamp();
            foreach (var tracked in _tracked)
            {
                while (tracked.Chunks!.TryRead(out _))
                {
                    if (tracked.Tokens++ == 0)
                    {
                        tracked.FirstToken = timestamp;
                    }

                    tracked.LastToken = now;
                }
            }
        }

        public void Dispose()
        {
            engine.Dispose();
            runner.Dispose();
        }
    }
}
