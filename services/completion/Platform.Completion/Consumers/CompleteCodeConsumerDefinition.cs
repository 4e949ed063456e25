using MassTransit;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Completion.Consumers;

/// <summary>Code completion requests arrive on the <c>code-completion</c> queue the gateway sends to.</summary>
internal sealed class CompleteCodeConsumerDefinition : ConsumerDefinition<CompleteCodeConsumer>
{
    public CompleteCodeConsumerDefinition() => EndpointName = ServiceQueues.CodeCompletion;
}
