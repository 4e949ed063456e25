using System.Buffers.Binary;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Platform.Gateway.Benchmarks;

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
    private readonly string[] _queues;
    private readonly List<IConnection> _connections = [];
    private readonly FloorLoad _load = new(["to_completion", "to_worker", "back_to_gateway"]);
    private IChannel _driver = null!;

    private BusFloor()
    {
        var prefix = $"bench-floor-{Guid.NewGuid():N}";
        _queues = [$"{prefix}-completion", $"{prefix}-worker", $"{prefix}-reply"];
    }

    /// <summary>Warms the relay up, then measures each rate for <paramref name="perRate"/> with the broker probe beside it.</summary>
    public static async Task<IReadOnlyList<BusFloorResult>> MeasureAsync(string rabbitMq, IReadOnlyList<int> rates, TimeSpan perRate)
    {
        await using var floor = await StartAsync(rabbitMq);
        return await FloorLoad.MeasureAsync("floor", rates, perRate, floor.RunAsync);
    }

    private static async Task<BusFloor> StartAsync(string rabbitMq)
    {
        var floor = new BusFloor();
        var factory = new ConnectionFactory { Uri = new Uri(rabbitMq) };
        try
        {
            // Each relay consumes its queue and publishes to the next on the same channel, then acknowledges.
            for (var hop = 0; hop < floor._queues.Length; hop++)
            {
                var channel = await floor.OpenChannelAsync(factory, floor._queues[hop]);
                var next = hop + 1 < floor._queues.Length ? floor._queues[hop + 1] : null;
                var stage = hop + 1;
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += async (_, delivery) =>
                {
                    floor._load.Arrived(stage, BinaryPrimitives.ReadInt32LittleEndian(delivery.Body.Span));
                    if (next is not null)
                    {
                        await channel.BasicPublishAsync("", next, delivery.Body);
                    }

                    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                };
                await channel.BasicConsumeAsync(floor._queues[hop], autoAck: false, consumer);
                if (next is null)
                {
                    floor._driver = channel; // the reply queue's connection is the driver's
                }
            }

            return floor;
        }
        catch
        {
            await floor.DisposeAsync();
            throw;
        }
    }

    private Task<BusFloorResult> RunAsync(int rate, TimeSpan duration)
    {
        // A publish without confirms is done once the frame is handed to the connection: waiting costs microseconds.
        var body = new byte[BodyBytes];
        return _load.RunAsync(rate, duration, index =>
        {
            BinaryPrimitives.WriteInt32LittleEndian(body, index);
            _driver.BasicPublishAsync("", _queues[0], body.AsMemory()).AsTask().GetAwaiter().GetResult();
        });
    }

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
