using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Runners;

namespace Platform.Inference.Tests.Engine;

/// <summary>
/// An <see cref="LlmEngine"/> over the tiny model's paged graph (or, with <paramref name="standardGraph"/>, its standard
/// past/present graph), stepped by the test itself (no background loop).
/// </summary>
internal sealed class EngineHarness : IDisposable
{
    public EngineHarness(TinyModelFixture model, SchedulerOptions options, string? pagedGraph = null, bool standardGraph = false)
    {
        Options = options;
        Runner = standardGraph
            ? new StandardGraphModelRunner(Path.Combine(model.Directory, ModelFiles.Decoder), model.Config.Decoder, model.Config.VocabSize, intraOpThreads: 1)
            : new PagedModelRunner(
                pagedGraph ?? Path.Combine(model.Directory, ModelFiles.PagedDecoder), model.Config.Decoder, model.Config.VocabSize,
                options.NumBlocks * options.BlockSize, intraOpThreads: 1, options.BlockSize,
                options.PreemptionMode == PreemptionMode.Swap ? options.NumHostBlocks : 0);
        Engine = new LlmEngine(new Scheduler(options), Runner, model.Tokenizer, model.Config.EosTokenIds, options.MaxRunningSequences);
    }

    public SchedulerOptions Options { get; }

    public IModelRunner Runner { get; }

    public LlmEngine Engine { get; }

    /// <summary>Steps until no request is left, checking the scheduler's invariants after every step.</summary>
    public void RunToCompletion(Action<int>? afterStep = null)
    {
        for (var step = 0; Engine.HasWork; step++)
        {
            Assert.True(step < 10_000, "the engine did not finish");
            Engine.Step();
            EngineInvariants.AssertHold(Engine.Scheduler, Options);
            afterStep?.Invoke(step);
        }
    }

    public void Dispose()
    {
        Engine.Dispose();
        Runner.Dispose();
    }
}
