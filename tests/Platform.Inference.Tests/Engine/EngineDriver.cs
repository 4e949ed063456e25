using Platform.Contracts.Generation;
using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>The engine step loop of the tests: schedule, run the fake model, apply, check the invariants.</summary>
internal sealed class EngineDriver
{
    private readonly FakePagedModel _model;

    public EngineDriver(SchedulerOptions options, TimeProvider? time = null)
    {
        Options = options;
        Scheduler = new Scheduler(options, time);
        _model = new FakePagedModel(options.NumBlocks, options.BlockSize);
    }

    public SchedulerOptions Options { get; }

    public Scheduler Scheduler { get; }

    public Dictionary<string, FinishedSequence> Finished { get; } = [];

    /// <summary>Sequences dropped unrun on their deadline.</summary>
    public HashSet<string> Expired { get; } = [];

    public Dictionary<string, List<int>> Generated { get; } = [];

    public HashSet<string> EverScheduled { get; } = [];

    /// <summary>Runs one step; <paramref name="betweenScheduleAndUpdate"/> lets a test abort while the step is in flight.</summary>
    public SchedulerOutput Step(Func<string, int, FinishReason?>? stopRule = null, Action? betweenScheduleAndUpdate = null)
    {
        stopRule ??= (_, token) => FakePagedModel.IsStopToken(token) ? FinishReason.Stop : null;
        var output = Scheduler.Schedule();
        EngineInvariants.AssertHold(Scheduler, Options, output);
        Assert.True(!output.IsEmpty || !Scheduler.HasUnfinished, "the scheduler stalled with work left");
        foreach (var expired in output.ExpiredRequestIds)
        {
            Assert.DoesNotContain(expired, EverScheduled);
            Assert.True(Expired.Add(expired));
        }

        foreach (var step in output.Scheduled)
        {
            EverScheduled.Add(step.RequestId);
        }

        var next = _model.Run(output);
        betweenScheduleAndUpdate?.Invoke();
        var sampled = new Dictionary<string, SampledToken>();
        foreach (var (id, token) in next)
        {
            if (Scheduler.TryGetSequence(id, out var sequence))
            {
                // The model must agree with the token history computed without any KV cache.
                if (FakePagedModel.NextToken(sequence.TokenIds) != token)
                {
                    Assert.Fail($"{id}: the batched model disagrees with the token history");
                }
                CollectionsGetOrAdd(id).Add(token);
            }

            sampled[id] = new SampledToken(token, stopRule(id, token));
        }

        foreach (var finished in Scheduler.UpdateFromOutput(output, sampled))
        {
            Finished.Add(finished.RequestId, finished);
        }

        EngineInvariants.AssertHold(Scheduler, Options);
        return output;
    }

    public void Abort(string requestId)
    {
        if (Scheduler.Abort(requestId))
        {
            Finished.Add(requestId, new FinishedSequence(requestId, FinishReason.Cancelled, 0, 0));
        }

        EngineInvariants.AssertHold(Scheduler, Options);
    }

    public void RunToCompletion(int maxSteps = 10_000)
    {
        for (int i = 0; i < maxSteps && Scheduler.HasUnfinished; i++)
        {
            Step();
        }

        Assert.False(Scheduler.HasUnfinished, "sequences left after the step limit");
    }

    private List<int> CollectionsGetOrAdd(string id)
    {
        if (!Generated.TryGetValue(id, out var list))
        {
            Generated[id] = list = [];
        }

        return list;
    }
}
