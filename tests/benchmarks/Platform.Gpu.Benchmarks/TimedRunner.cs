using System.Diagnostics;
using Platform.Inference.Engine;

namespace Platform.Gpu.Benchmarks;

/// <summary>
/// Wraps the runner and stamps, per step, when its logits were ready and which requests sample from them: token
/// times read on the engine's own thread, free of the stream consumers' scheduling delays.
/// </summary>
internal sealed class TimedRunner(IModelRunner inner) : IModelRunner
{
    private readonly Dictionary<string, List<long>> _tokenTimes = new(StringComparer.Ordinal);

    public int VocabSize => inner.VocabSize;

    public bool SupportsPrefixCaching => inner.SupportsPrefixCaching;

    public bool SupportsSpeculation => inner.SupportsSpeculation;

    public int Steps { get; private set; }

    public double RunnerSeconds { get; private set; }

    /// <summary>Read after the engine stopped stepping.</summary>
    public IReadOnlyDictionary<string, List<long>> TokenTimes => _tokenTimes;

    public StepLogits Execute(SchedulerOutput output)
    {
        var start = Stopwatch.GetTimestamp();
        var logits = inner.Execute(output);
        var now = Stopwatch.GetTimestamp();
        RunnerSeconds += Stopwatch.GetElapsedTime(start, now).TotalSeconds;
        Steps++;
        foreach (var row in output.Scheduled)
        {
            if (row.SamplesNextToken)
            {
                if (!_tokenTimes.TryGetValue(row.RequestId, out var times))
                {
                    _tokenTimes[row.RequestId] = times = [];
                }

                times.Add(now);
            }
        }

        return logits;
    }

    public void Free(string requestId) => inner.Free(requestId);

    public void Dispose() => inner.Dispose();
}
