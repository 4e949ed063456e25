using MassTransit;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ModelWorker.Consumers;

/// <summary>
/// The worker consumes its model's queue, <c>model-{name}</c>, and takes only as many generations as it can run at
/// once: everything else stays in the queue, where KEDA sees it as backlog. No retry policy, on purpose: retrying
/// would run a generation again in this worker and restream it. The consumer itself waits out a broker outage for its
/// usage (<see cref="Metering.UsagePublisher"/>), and a worker that stops or dies leaves its commands unacknowledged,
/// for RabbitMQ to give to another worker. The queue is a priority queue: completions are delivered ahead of chat.
/// </summary>
internal sealed class GenerateConsumerDefinition : ConsumerDefinition<GenerateConsumer>
{
    public GenerateConsumerDefinition(IOptions<ModelWorkerOptions> options)
    {
        var settings = options.Value;
        Endpoint(endpoint =>
        {
            endpoint.Name = ModelQueues.EndpointName(settings.Model);
            endpoint.ConcurrentMessageLimit = settings.ConcurrencyLimit;
            endpoint.PrefetchCount = settings.ConcurrencyLimit;
        });
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<GenerateConsumer> consumerConfigurator, IRegistrationContext context) =>
        ModelQueues.ConfigureModelQueue(endpointConfigurator);
}
