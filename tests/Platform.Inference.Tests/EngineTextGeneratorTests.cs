using System.Diagnostics.Metrics;
using Platform.Contracts.Generation;
using Platform.Inference.Engine;

namespace Platform.Inference.Tests;

[Collection(TinyModelGroup.Name)]
public sealed class EngineTextGeneratorTests(TinyModelFixture model)
{
    private const string Prompt = "<|fim_prefix|>def add(a, b):\n    <|fim_suffix|>\n<|fim_middle|>";

    [Fact]
    public async Task Concurrent_greedy_requests_stream_what_the_standard_graph_streams_one_at_a_time()
    {
        await using var engine = Load();
        await using var simple = EngineTextGenerator.Load(
            model.StandardGraphDirectory, "tiny", new EngineOptions { MaxRunningSequences = 1, IntraOpThreads = 1 });
        var sampling = new SamplingSettings { MaxTokens = 20, IgnoreEndOfSequence = true };
        string[] prompts = [Prompt, "public static int Sum(", "import os\nimport sys\n", Prompt + "return"];

        var batched = await Task.WhenAll(prompts.Select((p, i) => Collect(engine, sampling, p, $"r{i}")));

        for (var i = 0; i < prompts.Length; i++)
        {
            var alone = await Collect(simple, sampling, prompts[i], $"s{i}");
            Assert.Equal(Text(alone), Text(batched[i]));
            Assert.Equal(FinishReason.Length, batched[i][^1].FinishReason);
            Assert.Equal(20, batched[i][^1].CompletionTokens);
        }
    }

    [Fact]
    public async Task Same_seed_gives_the_same_sampled_output()
    {
        await using var engine = Load();
        var sampling = new SamplingSettings { MaxTokens = 20, Temperature = 1.5f, TopP = 0.95f, Seed = 11, IgnoreEndOfSequence = true };

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Collect(engine, sampling, Prompt, $"seed{i}")));
        var other = await Collect(engine, sampling with { Seed = 12 }, Prompt, "other");

        Assert.Equal(Text(runs[0]), Text(runs[1]));
        Assert.Equal(Text(runs[0]), Text(runs[2]));
        Assert.NotEqual(Text(runs[0]), Text(other));
    }

    [Fact]
    public async Task Every_token_comes_with_its_logprob_and_greedy_picks_the_best_alternative()
    {
        await using var engine = Load();
        var sampling = new SamplingSettings { MaxTokens = 12, Logprobs = true, TopLogprobs = 3, IgnoreEndOfSequence = true };

        var chunks = await Collect(engine, sampling, Prompt, "logprobs");

        var tokens = chunks.Select(c => Assert.IsType<TokenLogprob>(c.Logprob)).ToList();
        Assert.Equal(12, tokens.Count);
        Assert.All(tokens, t =>
        {
            Assert.InRange(t.Logprob, float.NegativeInfinity, 0f);
            Assert.Equal(3, t.TopLogprobs.Count);
            Assert.Equal(t.Token, t.TopLogprobs[0].Token);
            Assert.Equal(t.Logprob, t.TopLogprobs[0].Logprob, 1e-5f);
        });
        Assert.Equal(Text(chunks), System.Text.Encoding.UTF8.GetString([.. tokens.SelectMany(t => t.Bytes)]));
    }

    [Fact]
    public async Task Stop_strings_spanning_tokens_end_the_completion_before_them()
    {
        await using var engine = Load();
        var sampling = new SamplingSettings { MaxTokens = 40, IgnoreEndOfSequence = true };
        var chunks = await Collect(engine, sampling, Prompt, "full");
        var full = Text(chunks);
        var boundary = Enumerable.Range(1, chunks.Count - 2).First(i => chunks[i].Text.Length > 0 && chunks[i + 1].Text.Length > 0);
        var stop = chunks[boundary].Text[^1..] + chunks[boundary + 1].Text[..1];

        var stopped = await Collect(engine, sampling with { Stop = [stop] }, Prompt, "stopped");

        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], Text(stopped));
        Assert.Equal(FinishReason.Stop, stopped[^1].FinishReason);
        Assert.Equal(0, engine.Stats.UsedKvBlocks);
    }

    [Fact]
    public async Task Cancelling_frees_the_requests_blocks_before_the_stream_ends()
    {
        await using var engine = Load();
        using var cancellation = new CancellationTokenSource();
        var request = new TextGenerationRequest("long", Prompt, new SamplingSettings { MaxTokens = 400, IgnoreEndOfSequence = true });
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in engine.GenerateAsync(request, cancellation.Token))
            {
                if (++received == 3)
                {
                    Assert.True(engine.Stats.UsedKvBlocks > 0);
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(0, engine.Stats.UsedKvBlocks);
        Assert.Equal(0, engine.Stats.RunningSequences);
        Assert.Equal(1, engine.Stats.Aborted);
        Assert.True(engine.Capacity.CanAcceptRequests);
    }

    [Fact]
    public async Task A_request_past_its_deadline_is_dropped_unrun()
    {
        await using var engine = Load();
        var request = new TextGenerationRequest("late", Prompt, new SamplingSettings { MaxTokens = 4 })
        {
            Deadline = DateTimeOffset.UtcNow.AddSeconds(-1),
        };

        await Assert.ThrowsAsync<RequestDeadlineExceededException>(async () =>
        {
            await foreach (var _ in engine.GenerateAsync(request))
            {
            }
        });

        Assert.Equal(1, engine.Stats.DeadlineDrops);
        Assert.Equal(0, engine.Stats.UsedKvBlocks);
    }

    [Fact]
    public async Task Too_long_prompts_are_rejected_before_running()
    {
        await using var engine = Load();
        var prompt = string.Concat(Enumerable.Repeat("x = compute(y) + 1; ", 200));

        var exception = Assert.Throws<ContextLengthExceededException>(
            () => engine.GenerateAsync(new TextGenerationRequest("big", prompt, new SamplingSettings { MaxTokens = 16 })));

        Assert.Equal(512, exception.ContextLength);
    }

    [Fact]
    public async Task Capacity_counts_batch_slots_and_metrics_are_published()
    {
        var measurements = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EngineMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, _, _) => Record(i, value));
        listener.SetMeasurementEventCallback<int>((i, value, _, _) => Record(i, value));
        listener.SetMeasurementEventCallback<double>((i, value, _, _) => Record(i, value));
        listener.Start();
        await using var engine = Load(new EngineOptions { NumBlocks = 64, BlockSize = 16, MaxRunningSequences = 4 });
        Assert.Equal(new EngineCapacity(4, 64, 64), engine.Capacity);

        await Collect(engine, new SamplingSettings { MaxTokens = 5, IgnoreEndOfSequence = true }, Prompt, "m");
        listener.RecordObservableInstruments();

        lock (measurements)
        {
            Assert.Equal(5, measurements["platform.engine.generation_tokens"]);
            Assert.Equal(model.Tokenizer.Encode(Prompt).Count, measurements["platform.engine.prompt_tokens"]);
            Assert.True(measurements.ContainsKey("platform.engine.time_to_first_token_seconds"));
            Assert.True(measurements.ContainsKey("platform.engine.inter_token_latency_seconds"));
            Assert.True(measurements.ContainsKey("platform.engine.e2e_request_latency_seconds"));
            Assert.True(measurements.ContainsKey("platform.engine.request_queue_time_seconds"));
            Assert.Equal(1, measurements["platform.engine.batch_size"]);
            Assert.Equal(0, measurements["platform.engine.kv_cache_usage_perc"]);
        }

        void Record(Instrument instrument, double value)
        {
            lock (measurements)
            {
                measurements[instrument.Name] = value;
            }
        }
    }

    [Fact]
    public async Task Preemption_by_swap_is_counted_in_blocks_and_bytes_and_every_request_still_completes()
    {
        var measurements = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EngineMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        listener.Start();
        // Six blocks of 16 cannot hold four prompts growing by 40 tokens each: the engine must preempt, and swaps.
        await using var engine = EngineTextGenerator.Load(model.Directory, "swap-metrics", new EngineOptions
        {
            NumBlocks = 6, BlockSize = 16, MaxRunningSequences = 4, MaxBatchedTokens = 64, IntraOpThreads = 1,
            PreemptionMode = PreemptionMode.Swap, SwapSpaceBytes = 1 << 20,
        });

        var outputs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Collect(engine, new SamplingSettings { MaxTokens = 40, IgnoreEndOfSequence = true }, Prompt, $"swap-{i}")));
        listener.RecordObservableInstruments();

        Assert.All(outputs, chunks => Assert.Equal(40, chunks[^1].CompletionTokens));
        var stats = engine.Stats;
        Assert.True(stats.SwapPreemptions > 0, "the small pool should have swapped");
        lock (measurements)
        {
            Assert.Equal(stats.SwappedOutBlocks, measurements["platform.engine.swapped_out_blocks"]);
            Assert.Equal(stats.SwappedOutBlocks, measurements["platform.engine.swapped_in_blocks"]);
            Assert.Equal(stats.SwappedOutBlocks * engine.Runner.KvBlockBytes, measurements["platform.engine.swapped_out_bytes"]);
            Assert.Equal(0, measurements["platform.engine.num_requests_swapped"]);
            Assert.Equal(0, measurements["platform.engine.cpu_cache_usage_perc"]);
        }

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "model", Value: "swap-metrics" })
                {
                    lock (measurements)
                    {
                        measurements[instrument.Name] = value;
                    }
                }
            }
        }
    }

    private EngineTextGenerator Load(EngineOptions? options = null) =>
        EngineTextGenerator.Load(model.Directory, "tiny", options ?? new EngineOptions { NumBlocks = 256, IntraOpThreads = 1 });

    private static async Task<List<GeneratedChunk>> Collect(EngineTextGenerator generator, SamplingSettings sampling, string prompt, string id)
    {
        var chunks = new List<GeneratedChunk>();
        await foreach (var chunk in generator.GenerateAsync(new TextGenerationRequest(id, prompt, sampling)))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    private static string Text(IEnumerable<GeneratedChunk> chunks) => string.Concat(chunks.Select(c => c.Text));
}
