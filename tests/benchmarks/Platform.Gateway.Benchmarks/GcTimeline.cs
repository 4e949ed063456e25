using System.Diagnostics;

namespace Platform.Gateway.Benchmarks;

/// <summary>When garbage collections happened during a run (polled every millisecond), to line up with slow requests.</summary>
internal sealed class GcTimeline : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<(double AtMs, int Generation, double PauseMs)> _collections = [];
    private readonly Thread _poller;
    private volatile bool _stopped;

    public GcTimeline()
    {
        _poller = new Thread(Poll) { IsBackground = true, Name = "gc-timeline" };
        _poller.Start();
    }

    public IReadOnlyList<(double AtMs, int Generation, double PauseMs)> Collections
    {
        get
        {
            lock (_collections)
            {
                return [.. _collections];
            }
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _poller.Join();
    }

    private void Poll()
    {
        var counts = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var pause = GC.GetTotalPauseDuration();
        while (!_stopped)
        {
            Thread.Sleep(1);
            for (var generation = 2; generation >= 0; generation--)
            {
                var count = GC.CollectionCount(generation);
                if (count == counts[generation])
                {
                    continue;
                }

                var nowPause = GC.GetTotalPauseDuration();
                lock (_collections)
                {
                    _collections.Add((Stopwatch.GetElapsedTime(_started).TotalMilliseconds, generation, (nowPause - pause).TotalMilliseconds));
                }

                pause = nowPause;
                counts[0] = GC.CollectionCount(0);
                counts[1] = GC.CollectionCount(1);
                counts[2] = GC.CollectionCount(2);
                break;
            }
        }
    }
}
