using MassTransit;

namespace Platform.Gateway.Metering;

/// <summary>
/// The durable <c>usage-metering</c> queue, shared by every gateway replica: batches of at most
/// <see cref="UsageMeteringConsumer.BatchSize"/> events, written one batch at a time, retried on failure.
/// </summary>
internal sealed class UsageMeteringConsumerDefinition : ConsumerDefinition<UsageMeteringConsumer>
{
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

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UsageMeteringConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 2000, 5000));
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(UsageMeteringConsumer.BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(200))
            .SetConcurrencyLimit(1));
    }
}
