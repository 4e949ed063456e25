using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Platform.Gateway.Benchmarks;

/// <summary>What the bare three-hop relay measured at one rate.</summary>
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
/// The platform's overhead at one rate as a multiple of the bare bus's end-to-end time at the same rate, measured
/// minutes apart in the same run: the number to compare across machines, where the absolute milliseconds mostly say
/// how busy the machine was.
/// </summary>
internal sealed record FloorRatio(
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("target_rps")] int TargetRate,
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p99")] double P99)
{
    public static IReadOnlyList<FloorRatio> Of(IEnumerable<ModeResult> modes, IReadOnlyList<BusFloorResult> floor) => [..
        from mode in modes
        from rate in mode.Rates
        join bare in floor on rate.TargetRate equals bare.TargetRate
        select new FloorRatio(
            mode.Worker,
            rate.TargetRate,
            Math.Round(rate.Overhead.P50 / bare.EndToEnd.P50, 2),
            Math.Round(rate.Overhead.P99 / bare.EndToEnd.P99, 2))];
}

/// <summary>
/// The floor under the platform's overhead on this machine: the same three hops a completion takes (gateway to
/// completion service, to worker, back to the gateway), through the same RabbitMQ, on three connections of their own,
/// with nothing but RabbitMQ.Client and a 512-byte body — no HTTP, no MassTransit, no platform code. Manual acks and a
/// prefetch window, as the platform's consumers use. What the platform measures above this is its own; what this
/// measures is the broker's and the machine's.
/// </summary>
internal sealed class BusFloor : IAsyncDisposable
{
    private const int BodyBytes = 512;
    private static readonly string[] HopNames = ["to_completion", "to_worker", "back_to_gateway"];
    private readonly string[] _queues;
    private readonly List<IConnection> _connections = [];
    private IChannel _driver = null!;

    // When each message left the driver (row 0), reached the completion relay (1), the worker relay (2) and came back (3).
    private readonly long[][] _stamps = new long[HopNames.Length + 1][];
    private int _answered;
    private TaskCompletionSource _allAnswered = new();

    private BusFloor()
    {
        var prefix = $"bench-floor-{Guid.NewGuid():N}";
        _queues = [$"{prefix}-completion", $"{prefix}-worker", $"{prefix}-reply"];
    }

    /// <summary>Warms the relay up, then measures each rate for <paramref name="perRate"/> with the broker probe beside it.</summary>
    public static async Task<IReadOnlyList<BusFloorResult>> MeasureAsync(string rabbitMq, IReadOnlyList<int> rates, TimeSpan perRate)
    {
        Console.Error.WriteLine("[floor] three bare RabbitMQ hops, no platform");
        await using var floor = await StartAsync(rabbitMq);
        await floor.RunAsync(rates.Max(), TimeSpan.FromSeconds(5)); // connections, channels and tiered JIT
        var results = new List<BusFloorResult>();
        foreach (var rate in rates)
        {
            var probe = BrokerProbe.Start(perRate);
            var result = await floor.RunAsync(rate, perRate) with { BrokerProbe = await BrokerProbe.ResultAsync(probe) };
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[floor] {rate}/s: end-to-end p50 {result.EndToEnd.P50} ms, p99 {result.EndToEnd.P99} ms, max {result.EndToEnd.Max} ms, hops p50/p99 {string.Join(' ', result.Hops.Select(hop => $"{hop.Key} {hop.Value.P50}/{hop.Value.P99}"))}, answered {result.Answered}/{result.Requests}, cpu {result.CpuPerRequest} ms/request, broker probe p99 {result.BrokerProbe?.RoundTrip.P99} ms with {result.BrokerProbe?.Over10Ms} round trips over 10 ms"));
            results.Add(result);
        }

        return results;
    }

    private static async Task<BusFloor> StartAsync(string rabbitMq)
    {
        var floor = new BusFloor();
        var factory = new ConnectionFactory { Uri = new Uri(rabbitMq) };
        try
        {
            // Each relay consumes its queue and publishes to the next on the same channel, then acknowledges.
            for (var hop = 0; hop < floor._queues.Length - 1; hop++)
            {
                var channel = await floor.OpenChannelAsync(factory, floor._queues[hop]);
                var next = floor._queues[hop + 1];
                var arrived = hop + 1;
                var relay = new AsyncEventingBasicConsumer(channel);
                relay.ReceivedAsync += async (_, delivery) =>
                {
                    floor.Stamp(arrived, delivery.Body.Span);
                    await channel.BasicPublishAsync("", next, delivery.Body);
                    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                };
                await channel.BasicConsumeAsync(floor._queues[hop], autoAck: false, relay);
            }

            var driver = floor._driver = await floor.OpenChannelAsync(factory, floor._queues[^1]);
            var replies = new AsyncEventingBasicConsumer(driver);
            replies.ReceivedAsync += async (_, delivery) =>
            {
                floor.Stamp(HopNames.Length, delivery.Body.Span);
                if (Interlocked.Increment(ref floor._answered) == floor._stamps[0].Length)
                {
                    floor._allAnswered.TrySetResult();
                }

                await driver.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            };
            await driver.BasicConsumeAsync(floor._queues[^1], autoAck: false, replies);
            return floor;
        }
        catch
        {
            await floor.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="rate"/> message chains a second for <paramref name="duration"/> on the same schedule as the HTTP load.</summary>
    private async Task<BusFloorResult> RunAsync(int rate, TimeSpan duration)
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
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var schedule = new Thread(() =>
        {
            // As the HTTP driver: a dedicated thread wakes every millisecond and sends what is due. A publish without
            // confirms is done once the frame is handed to the connection, so waiting for it here costs microseconds.
            var body = new byte[BodyBytes];
            var ticksPerMessage = Stopwatch.Frequency / (double)rate;
            var started = Stopwatch.GetTimestamp();
            for (var index = 0; index < count; Thread.Sleep(1))
            {
                for (long due; index < count && (due = started + (long)(index * ticksPerMessage)) <= Stopwatch.GetTimestamp(); index++)
                {
                    _stamps[0][index] = Stopwatch.GetTimestamp();
                    lag[index] = Milliseconds(due, _stamps[0][index]);
                    BinaryPrimitives.WriteInt32LittleEndian(body, index);
                    _driver.BasicPublishAsync("", _queues[0], body.AsMemory()).AsTask().GetAwaiter().GetResult();
                }
            }

            sent.SetResult();
        }) { IsBackground = true, Name = "bus-floor-schedule" };
        schedule.Start();
        await sent.Task;
        await _allAnswered.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var cost = ProcessCost.Now().Since(before);
        var hops = HopNames.Select((name, hop) => (name, LatencySummary.Of(Enumerable.Range(0, count).Select(index => Milliseconds(_stamps[hop][index], _stamps[hop + 1][index])))))
            .ToDictionary(pair => pair.name, pair => pair.Item2);
        var endToEnd = LatencySummary.Of(Enumerable.Range(0, count).Select(index => Milliseconds(_stamps[0][index], _stamps[^1][index])));
        return new BusFloorResult(rate, count, _answered, endToEnd, hops, LatencySummary.Of(lag), Math.Round(cost.CpuMs / count, 3));
    }

    private void Stamp(int row, ReadOnlySpan<byte> body) => _stamps[row][BinaryPrimitives.ReadInt32LittleEndian(body)] = Stopwatch.GetTimestamp();

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private async Task<IChannel> OpenChannelAsync(ConnectionFactory factory, string queue)
    {
        var connection = await factory.CreateConnectionAsync();
        _connections.Add(connection);
        var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: true);
        await channel.BasicQosAsync(0, 64, global: false);
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
