using MassTransit;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Completion.Consumers;

/// <summary>The editors' view/select/dismiss events arrive on their own queue, apart from latency-critical requests.</summary>
internal sealed class CodeCompletionEventConsumerDefinition : ConsumerDefinition<CodeCompletionEventConsumer>
{
    public CodeCompletionEventConsumerDefinition() => EndpointName = ServiceQueues.CodeCompletionEvents;
}
