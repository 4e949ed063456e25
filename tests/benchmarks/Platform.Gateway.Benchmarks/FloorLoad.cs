using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Platform.Gateway.Benchmarks;

/// <summary>What a floor relay measured at one rate: end to end, per hop, and this process's CPU per message chain.</summary>
internal sealed record BusFloorResult(
    [property: JsonPropertyName("target_rps")] int TargetRate,
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("answered")] int Answered,
    [property: JsonPropertyName("end_to_end")] LatencySummary EndToEnd,
    [property: JsonPropertyName("hops")] IReadOnlyDictionary<string, LatencySummary> Hops,
    [property: JsonPropertyName("send_lag")] LatencySummary SendLag,
    [property: JsonPropertyName("process_cpu_ms_per_request")] double CpuPerRequest)
{
    [JsonPropertyName("broker_probe")]
    public BrokerProbeResult? BrokerProbe { get; init; }
}

/// <summary>
/// A layer's latency at one rate as a multiple of the bare bus's end-to-end time at the same rate, measured
/// minutes apart in the same run: the number to compare across machines, where the absolute milliseconds mostly say
/// how busy the machine was.
/// </summary>
internal sealed record FloorRatio(
    [property: JsonPropertyName("layer")] string Layer,
    [property: JsonPropertyName("target_rps")] int TargetRate,
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p99")] double P99)
{
    /// <param name="layer">What is compared with the bare bus: a worker mode of the platform, or the MassTransit floor.</param>
    /// <param name="byRate">Its latency at each rate (for the platform, the overhead).</param>
    public static IEnumerable<FloorRatio> Of(string layer, IReadOnlyDictionary<int, LatencySummary> byRate, IReadOnlyList<BusFloorResult> floor) =>
        from bare in floor
        let latency = byRate.GetValueOrDefault(bare.TargetRate)
        where latency is not null
        select new FloorRatio(layer, bare.TargetRate, Math.Round(latency.P50 / bare.EndToEnd.P50, 2), Math.Round(latency.P99 / bare.EndToEnd.P99, 2));
}

/// <summary>
/// The open-loop load and the bookkeeping every floor relay shares: messages leave on the same schedule as the HTTP
/// load, each carrying its index, and the relays stamp each message's arrival at every stage.
/// </summary>
internal sealed class FloorLoad(IReadOnlyList<string> hopNames)
{
    // When each message left the driver (row 0) and reached each following stage; the last row is back at the driver.
    private readonly long[][] _stamps = new long[hopNames.Count + 1][];
    private int _answered;
    private TaskCompletionSource _allAnswered = new();

    /// <summary>Message <paramref name="index"/> reached stage <paramref name="stage"/> (1 = after the first hop).</summary>
    public void Arrived(int stage, int index)
    {
        _stamps[stage][index] = Stopwatch.GetTimestamp();
        if (stage == hopNames.Count && Interlocked.Increment(ref _answered) == _stamps[0].Length)
        {
            _allAnswered.TrySetResult();
        }
    }

    /// <summary>
    /// Sends <paramref name="rate"/> message chains a second for <paramref name="duration"/>, paced as the HTTP driver
    /// is (<see cref="OpenLoopLoad.PaceAsync"/>): <paramref name="send"/> runs on the schedule's thread.
    /// </summary>
    public async Task<BusFloorResult> RunAsync(int rate, TimeSpan duration, Action<int> send)
    {
        var count = (int)(rate * duration.TotalSeconds);
        for (var row = 0; row < _stamps.Length; row++)
        {
            _stamps[row] = new long[count];
        }

        _answered = 0;
        _allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lag = new double[count];
        var before = ProcessCost.Now();
        await OpenLoopLoad.PaceAsync(rate, count, (index, due) =>
        {
            _stamps[0][index] = Stopwatch.GetTimestamp();
            lag[index] = Milliseconds(due, _stamps[0][index]);
            send(index);
        });
        await _allAnswered.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var cost = ProcessCost.Now().Since(before);
        var hops = hopNames.Select((name, hop) => (name, LatencySummary.Of(Enumerable.Range(0, count).Select(index => Milliseconds(_stamps[hop][index], _stamps[hop + 1][index])))))
            .ToDictionary(pair => pair.name, pair => pair.Item2);
        var endToEnd = LatencySummary.Of(Enumerable.Range(0, count).Select(index => Milliseconds(_stamps[0][index], _stamps[^1][index])));
        return new BusFloorResult(rate, count, _answered, endToEnd, hops, LatencySummary.Of(lag), Math.Round(cost.CpuMs / count, 3));
    }

    /// <summary>
    /// Warms a relay up for 5 s at the highest rate (connections, channels, tiered JIT), then runs each rate for
    /// <paramref name="perRate"/> with the broker probe beside it, as the platform's rates run.
    /// </summary>
    public static async Task<IReadOnlyList<BusFloorResult>> MeasureAsync(
        string name, IReadOnlyList<int> rates, TimeSpan perRate, Func<int, TimeSpan, Task<BusFloorResult>> run)
    {
        await run(rates.Max(), TimeSpan.FromSeconds(5));
        var results = new List<BusFloorResult>();
        foreach (var rate in rates)
        {
            var probe = BrokerProbe.Start(perRate);
            var result = await run(rate, perRate) with { BrokerProbe = await BrokerProbe.ResultAsync(probe) };
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{name}] {rate}/s: end-to-end p50 {result.EndToEnd.P50} ms, p99 {result.EndToEnd.P99} ms, max {result.EndToEnd.Max} ms, hops p50/p99 {string.Join(' ', result.Hops.Select(hop => $"{hop.Key} {hop.Value.P50}/{hop.Value.P99}"))}, answered {result.Answered}/{result.Requests}, cpu {result.CpuPerRequest} ms/request, broker probe p99 {result.BrokerProbe?.RoundTrip.P99} ms with {result.BrokerProbe?.Over10Ms} round trips over 10 ms"));
            results.Add(result);
        }

        return results;
    }

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
