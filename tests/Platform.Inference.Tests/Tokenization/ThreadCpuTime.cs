using System.Runtime.InteropServices;

namespace Platform.Inference.Tests.Tokenization;

/// <summary>CPU time consumed by the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), native calls included.</summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    public static TimeSpan Now()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out var spec) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }

        return TimeSpan.FromTicks((spec.Seconds * TimeSpan.TicksPerSecond) + (spec.Nanoseconds / 100));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clockId, out TimeSpec spec);
}
