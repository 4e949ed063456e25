using System.Diagnostics;

namespace Platform.Gateway.Benchmarks;

/// <summary>One collection: when (ms from the timeline's start), which generation, its pause, and what it promoted.</summary>
/// <param name="PromotedMb">Bytes that survived into an older generation: what a collection copies, so what its pause grows with.</param>
internal readonly record struct Collection(double AtMs, int Generation, double PauseMs, double PromotedMb);

/// <summary>When garbage collections happened during a run (polled every millisecond), to line up with slow requests.</summary>
internal sealed class GcTimeline : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<Collection> _collections = [];
    private readonly Thread _poller;
    private volatile bool _stopped;

    public GcTimeline()
    {
        _poller = new Thread(Poll) { IsBackground = true, Name = "gc-timeline" };
        _poller.Start();
    }

    public IReadOnlyList<Collection> Collections
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
                    _collections.Add(new Collection(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, generation,
                        (nowPause - pause).TotalMilliseconds, GC.GetGCMemoryInfo(GCKind.Any).PromotedBytes / 1_048_576.0));
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
