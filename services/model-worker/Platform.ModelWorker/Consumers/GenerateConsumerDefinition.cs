using MassTransit;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ModelWorker.Consumers;

/// <summary>
/// The worker consumes its model's queue, <c>model-{name}</c>, and takes only as many generations as it can run at
/// once: everything else stays in the queue, where KEDA sees it as backlog.
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
}
