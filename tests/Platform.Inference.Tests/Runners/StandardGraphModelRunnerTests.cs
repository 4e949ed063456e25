using Platform.Contracts.Generation;
using Platform.Inference.Engine;
using Platform.Inference.Runners;

namespace Platform.Inference.Tests.Runners;

/// <summary>
/// The engine over the standard past/present graph (a folder without model.paged.onnx): the same greedy, seeded,
/// stopped and cancelled behaviour as over the paged graph, with the engine's deadlines and batching.
/// </summary>
[Collection(TinyModelGroup.Name)]
public sealed class StandardGraphModelRunnerTests(TinyModelFixture model)
{
    private const string Prompt = "<|fim_prefix|>def add(a, b):\n    <|fim_suffix|>\n<|fim_middle|>";

    [Fact]
    public async Task Describes_the_loaded_model()
    {
        await using var generator = Load();

        Assert.Equal(new ModelDescriptor("tiny", 512, 1024), generator.Model);
        Assert.IsType<StandardGraphModelRunner>(generator.Runner);
    }

    [Fact]
    public async Task Greedy_generation_is_deterministic_and_ends_with_a_reason()
    {
        await using var generator = Load();
        var sampling = new SamplingSettings { MaxTokens = 24, IgnoreEndOfSequence = true };

        var first = await Collect(generator, sampling);
        var second = await Collect(generator, sampling);

        Assert.Equal(Text(first), Text(second));
        Assert.NotEmpty(Text(first));
        Assert.All(first[..^1], chunk => Assert.Null(chunk.FinishReason));
        Assert.Equal(FinishReason.Length, first[^1].FinishReason);
        Assert.Equal(24, first[^1].CompletionTokens);
        Assert.Equal(model.Tokenizer.Encode(Prompt).Count, first[^1].PromptTokens);
    }

    [Fact]
    public async Task Seeded_sampling_repeats_and_other_seeds_differ()
    {
        await using var generator = Load();
        var sampling = new SamplingSettings { MaxTokens = 20, Temperature = 1.5f, TopP = 0.95f, Seed = 11, IgnoreEndOfSequence = true };

        var first = Text(await Collect(generator, sampling));
        var again = Text(await Collect(generator, sampling));
        var others = new HashSet<string>();
        for (var seed = 12; seed < 15; seed++)
        {
            others.Add(Text(await Collect(generator, sampling with { Seed = seed })));
        }

        Assert.Equal(first, again);
        Assert.True(others.Count > 1 || !others.Contains(first), "Different seeds should give different completions.");
    }

    [Fact]
    public async Task Stop_strings_spanning_tokens_are_honoured()
    {
        await using var generator = Load();
        var sampling = new SamplingSettings { MaxTokens = 40, IgnoreEndOfSequence = true };
        var chunks = await Collect(generator, sampling);
        var full = Text(chunks);
        var boundary = Enumerable.Range(1, chunks.Count - 2)
            .First(i => chunks[i].Text.Length > 0 && chunks[i + 1].Text.Length > 0);
        var stop = chunks[boundary].Text[^1..] + chunks[boundary + 1].Text[..1];

        var stopped = await Collect(generator, sampling with { Stop = [stop] });

        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], Text(stopped));
        Assert.Equal(FinishReason.Stop, stopped[^1].FinishReason);
    }

    [Fact]
    public async Task Too_long_prompts_are_rejected_before_running()
    {
        await using var generator = Load();
        var prompt = string.Concat(Enumerable.Repeat("x = compute(y) + 1; ", 200));

        var exception = await Assert.ThrowsAsync<ContextLengthExceededException>(
            () => Collect(generator, new SamplingSettings { MaxTokens = 16 }, prompt));

        Assert.Equal(512, exception.ContextLength);
        Assert.True(exception.PromptTokens > 100);
    }

    [Fact]
    public async Task Max_tokens_beyond_the_context_is_lowered_to_the_room_left()
    {
        await using var generator = Load();

        var chunks = await Collect(generator, new SamplingSettings { MaxTokens = 510, IgnoreEndOfSequence = true });

        Assert.Equal(FinishReason.Length, chunks[^1].FinishReason);
        Assert.Equal(512, chunks[^1].PromptTokens + chunks[^1].CompletionTokens);
    }

    [Fact]
    public async Task Cancellation_stops_the_stream_and_frees_the_sequences_kv()
    {
        await using var generator = Load();
        using var cancellation = new CancellationTokenSource();
        var request = new TextGenerationRequest("r1", Prompt, new SamplingSettings { MaxTokens = 200, IgnoreEndOfSequence = true });
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in generator.GenerateAsync(request, cancellation.Token))
            {
                received++;
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(1, received);
        Assert.Equal(0, generator.Stats.UsedKvBlocks);
        Assert.NotEmpty(await Collect(generator, new SamplingSettings { MaxTokens = 2 }));
        Assert.Equal(0, ((StandardGraphModelRunner)generator.Runner).NumSequencesHeld);
    }

    [Fact]
    public async Task A_request_past_its_deadline_is_dropped_unrun()
    {
        await using var generator = Load();
        var request = new TextGenerationRequest("late", Prompt, new SamplingSettings { MaxTokens = 4 })
        {
            Deadline = DateTimeOffset.UtcNow.AddSeconds(-1),
        };

        await Assert.ThrowsAsync<RequestDeadlineExceededException>(async () =>
        {
            await foreach (var _ in generator.GenerateAsync(request))
            {
            }
        });

        Assert.Equal(1, generator.Stats.DeadlineDrops);
    }

    [Fact]
    public async Task Concurrent_requests_get_the_same_results_as_sequential_ones()
    {
        await using var generator = Load(new EngineOptions { MaxRunningSequences = 2, IntraOpThreads = 1 });
        string[] prompts = ["def f(x):", "public int Count", "const total = ", Prompt];
        var sampling = new SamplingSettings { MaxTokens = 12, IgnoreEndOfSequence = true };
        var sequential = new List<string>();
        foreach (var prompt in prompts)
        {
            sequential.Add(Text(await Collect(generator, sampling, prompt)));
        }

        var concurrent = await Task.WhenAll(prompts.Select(p => Task.Run(async () => Text(await Collect(generator, sampling, p)))));

        Assert.Equal(sequential, concurrent);
        Assert.Equal(0, generator.Stats.PrefixCacheHitTokens);
    }

    private EngineTextGenerator Load(EngineOptions? options = null) =>
        EngineTextGenerator.Load(model.StandardGraphDirectory, "tiny", options ?? new EngineOptions { IntraOpThreads = 1 });

    private static async Task<List<GeneratedChunk>> Collect(EngineTextGenerator generator, SamplingSettings sampling, string prompt = Prompt)
    {
        var chunks = new List<GeneratedChunk>();
        await foreach (var chunk in generator.GenerateAsync(new TextGenerationRequest($"test-{Guid.NewGuid():N}", prompt, sampling)))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    private static string Text(IEnumerable<GeneratedChunk> chunks) => string.Concat(chunks.Select(c => c.Text));
}
