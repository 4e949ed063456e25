using MassTransit;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// Publishes events that must not be lost (usage, key revocations): a publish returns only once the broker has its
/// message. A service that publishes such events asks for this with
/// <see cref="BusExtensions.AddConfirmedPublishing"/>.
/// </summary>
/// <remarks>
/// On RabbitMQ these events go through a second bus, <see cref="IConfirmedBus"/>, whose connection uses publisher
/// confirms. The platform bus does not: its messages are the per-request path's non-persistent commands and stream
/// events, which a broker restart loses with or without a confirm and whose gateway times out anyway, so a confirm
/// round trip on every send would cost latency and CPU for nothing (numbers in docs/benchmarks.md).
/// </remarks>
public interface IConfirmedPublisher
{
    Task PublishAsync<T>(T message, CancellationToken cancellationToken = default) where T : class;
}

/// <summary>The bus that publishes with publisher confirms, beside the platform bus on the same RabbitMQ; it consumes nothing.</summary>
public interface IConfirmedBus : IBus;

/// <summary>
/// Publishes through the bus it is given: <see cref="IConfirmedBus"/> on RabbitMQ; on the in-memory transport the
/// platform bus itself, which has no broker to confirm and hands a publish to the consumers in this process.
/// </summary>
internal sealed class BusPublisher(IBus bus) : IConfirmedPublisher
{
    public IBus Bus => bus;

    public Task PublishAsync<T>(T message, CancellationToken cancellationToken = default) where T : class =>
        bus.Publish(message, cancellationToken);
}
