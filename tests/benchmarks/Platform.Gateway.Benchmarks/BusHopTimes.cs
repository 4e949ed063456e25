using System.Collections.Concurrent;
using MassTransit;

namespace Platform.Gateway.Benchmarks;

/// <summary>One bus message on its way: its type, how long from its send to its consumer, and when it was sent.</summary>
internal readonly record struct BusHop(string Message, double Milliseconds, DateTime SentAt);

/// <summary>
/// How long each bus message took from its send to the start of its consumer (broker, client dispatch and
/// deserialisation), by message type: which hop of a request the overhead sits in. All hosts share this process
/// and its clock, so the message's sent time and the consume time are comparable.
/// </summary>
internal sealed class BusHopTimes : IConsumeObserver
{
    private ConcurrentQueue<BusHop>? _recording;

    /// <summary>Starts recording, dropping what an earlier run recorded.</summary>
    public void Start() => _recording = new();

    /// <summary>Stops recording; the hops measured since <see cref="Start"/>.</summary>
    public IReadOnlyList<BusHop> Stop()
    {
        var recorded = Interlocked.Exchange(ref _recording, null);
        return recorded is null ? [] : [.. recorded];
    }

    public static IReadOnlyDictionary<string, LatencySummary> Summarise(IEnumerable<BusHop> hops) =>
        hops.GroupBy(hop => hop.Message)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => LatencySummary.Of(group.Select(hop => hop.Milliseconds)));

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (_recording is { } recording && context.SentTime is { } sent)
        {
            recording.Enqueue(new BusHop(typeof(T).Name, (DateTime.UtcNow - sent).TotalMilliseconds, sent));
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
