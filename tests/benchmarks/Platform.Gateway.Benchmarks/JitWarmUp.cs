using System.Diagnostics;
using System.Runtime;

namespace Platform.Gateway.Benchmarks;

/// <summary>How long warming up took and how fast methods were still being (re)compiled at the end.</summary>
internal readonly record struct WarmUpResult(double Seconds, double MethodsPerSecond);

/// <summary>
/// Runs paced load until tiered compilation has settled: the runtime first compiles methods quickly, then
/// recompiles the hot ones in the background for tens of seconds. Measured during that, a request pays for the JIT.
/// </summary>
internal static class JitWarmUp
{
    private const double SettledMethodsPerSecond = 25;
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(60);

    public static async Task<WarmUpResult> RunAsync(OpenLoopLoad load, int highestRate)
    {
        var started = Stopwatch.GetTimestamp();
        var rate = Math.Max(1, highestRate / 2);
        double methodsPerSecond;
        do
        {
            var before = JitInfo.GetCompiledMethodCount();
            var sliceStarted = Stopwatch.GetTimestamp();
            await load.RunAsync(rate, Slice);
            methodsPerSecond = (JitInfo.GetCompiledMethodCount() - before) / Stopwatch.GetElapsedTime(sliceStarted).TotalSeconds;
        }
        while (methodsPerSecond > SettledMethodsPerSecond && Stopwatch.GetElapsedTime(started) < Longest);

        return new WarmUpResult(Stopwatch.GetElapsedTime(started).TotalSeconds, methodsPerSecond);
    }
}
