using MassTransit;

namespace Platform.ModelWorker.Consumers;

/// <summary>A temporary endpoint per worker, so every worker hears every cancel and frees the sequence it holds.</summary>
internal sealed class CancelGenerationConsumerDefinition : ConsumerDefinition<CancelGenerationConsumer>
{
    public CancelGenerationConsumerDefinition() => Endpoint(endpoint =>
    {
        endpoint.InstanceId = Guid.NewGuid().ToString("N")[..12];
        endpoint.Temporary = true;
    });
}
