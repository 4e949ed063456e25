using MassTransit;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// Sends for the per-request path (commands and stream messages a gateway waits on for seconds). They go as
/// non-persistent messages: a broker restart fails the waiting HTTP request anyway, and persistent messages on a
/// durable queue make RabbitMQ write them to its message store. Metering events stay durable, and confirmed
/// (<see cref="IConfirmedPublisher"/>).
/// </summary>
public static class TransientSend
{
    public static Task SendTransient<T>(this ISendEndpoint endpoint, T message, CancellationToken cancellationToken = default)
        where T : class =>
        endpoint.Send(message, context => context.Durable = false, cancellationToken);
}
