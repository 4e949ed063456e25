using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>
/// Wraps a runner; its first step waits until the test lets it go on, then throws instead of computing, so the test can
/// queue more requests while that step is in flight. Every later step runs normally.
/// </summary>
internal sealed class FailingOnceRunner(IModelRunner inner) : IModelRunner
{
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _release = new();
    private int _steps;

    public int VocabSize => inner.VocabSize;

    public bool SupportsPrefixCaching => inner.SupportsPrefixCaching;

    public bool SupportsSpeculation => inner.SupportsSpeculation;

    /// <summary>Set while the failing step waits.</summary>
    public WaitHandle Entered => _entered.WaitHandle;

    /// <summary>Lets the failing step throw.</summary>
    public void Release() => _release.Set();

    public StepLogits Execute(SchedulerOutput output)
    {
        if (Interlocked.Increment(ref _steps) == 1)
        {
            _entered.Set();
            _release.Wait(TimeSpan.FromSeconds(30));
            throw new InvalidOperationException("The device fell over.");
        }

        return inner.Execute(output);
    }

    public void Free(string requestId) => inner.Free(requestId);

    public void Dispose()
    {
        inner.Dispose();
        _entered.Dispose();
        _release.Dispose();
    }
}
