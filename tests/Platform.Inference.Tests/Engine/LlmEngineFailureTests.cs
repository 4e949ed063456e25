using System.Threading.Channels;
using Platform.Contracts.Generation;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Runners;

namespace Platform.Inference.Tests.Engine;

/// <summary>A runner that throws fails the requests of that step; the engine goes on serving the rest.</summary>
[Collection(TinyModelGroup.Name)]
public sealed class LlmEngineFailureTests(TinyModelFixture model)
{
    [Fact]
    public async Task A_runner_that_throws_once_fails_that_steps_requests_and_the_next_ones_succeed()
    {
        var options = new SchedulerOptions { BlockSize = 8, NumBlocks = 64, MaxBatchedTokens = 64, MaxRunningSequences = 8, MaxModelLength = 512 };
        using var runner = new FailingOnceRunner(new PagedModelRunner(
            Path.Combine(model.Directory, ModelFiles.PagedDecoder), model.Config.Decoder, model.Config.VocabSize, options.NumBlocks * options.BlockSize, intraOpThreads: 1));
        using var engine = new LlmEngine(new Scheduler(options), runner, model.Tokenizer, model.Config.EosTokenIds, options.MaxRunningSequences);
        engine.Start();

        var failing = engine.Add(Sequence("in-the-failing-step"));
        Assert.True(runner.Entered.WaitOne(TimeSpan.FromSeconds(30)));
        // Queued while the failing step runs: its add command is applied only after the failure.
        var queued = engine.Add(Sequence("queued-during-the-failure"));
        runner.Release();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAllAsync(failing));
        Assert.Equal("The device fell over.", error.Message);
        Assert.Equal(6, (await ReadAllAsync(queued))[^1].CompletionTokens);
        var later = await ReadAllAsync(engine.Add(Sequence("after-the-failure")));
        Assert.Equal(FinishReason.Length, later[^1].FinishReason);
        Assert.Equal(6, later[^1].CompletionTokens);
        Assert.False(engine.HasWork);
        Assert.Equal(0, engine.Stats.UsedKvBlocks);
    }

    private Sequence Sequence(string id) =>
        new(id, model.Tokenizer.Encode("def add(a, b):"), SequenceFactory.Sampling(6));

    private static async Task<List<GeneratedChunk>> ReadAllAsync(ChannelReader<GeneratedChunk> chunks)
    {
        var all = new List<GeneratedChunk>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var chunk in chunks.ReadAllAsync(timeout.Token))
        {
            all.Add(chunk);
        }

        return all;
    }
}
