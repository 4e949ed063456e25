using System.Diagnostics;

namespace Platform.FaultTests.Infrastructure;

/// <summary>
/// Runs a command once this test process has ended, however it ends (a crash, a killed runner): a detached shell polls
/// for this process every second. So no host or server the suite started outlives it.
/// </summary>
internal static class Watchdog
{
    public static void StopWhenThisProcessEnds(string command)
    {
        var script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {command}";
        var start = new ProcessStartInfo("setsid", ["bash", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var _ = Process.Start(start);
    }
}
