using System.Data.Common;
using MassTransit;

namespace Platform.Gateway.Metering;

/// <summary>
/// The durable <c>usage-metering</c> queue, shared by every gateway replica: batches of at most
/// <see cref="UsageMeteringConsumer.BatchSize"/> events, written one batch at a time. A batch that fails because the
/// database is away (a transient error) is retried with a growing wait, up to <see cref="LongestWait"/> apart, until
/// the database returns: its messages stay unacknowledged meanwhile, so a replica that stops hands them back to the
/// queue, and none is parked in the error queue for an outage. Any other failure is retried four times, then faults.
/// </summary>
internal sealed class UsageMeteringConsumerDefinition : ConsumerDefinition<UsageMeteringConsumer>
{
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    public UsageMeteringConsumerDefinition()
    {
        // A batch holds its messages unacknowledged until it commits, so the endpoint delivers as many at once as a
        // batch holds. Kept small: the RabbitMQ client wakes every idle dispatch task for each delivery, so a batch
        // of hundreds would cost hundreds of wake-ups per message.
        Endpoint(endpoint =>
        {
            endpoint.Name = UsageMeteringConsumer.Queue;
            endpoint.PrefetchCount = UsageMeteringConsumer.BatchSize * 2;
            endpoint.ConcurrentMessageLimit = UsageMeteringConsumer.BatchSize;
        });
    }

    /// <summary>The database is unreachable or busy, as opposed to refusing the data.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        DbException { IsTransient: true } or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UsageMeteringConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // The outer policy sees only what the inner one does not handle: transient failures, for as long as they last.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsTransient);
            retry.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(200), LongestWait, TimeSpan.FromMilliseconds(500));
        });
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(IsTransient);
            retry.Intervals(100, 500, 2000, 5000);
        });
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(UsageMeteringConsumer.BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(200))
            .SetConcurrencyLimit(1));
    }
}
