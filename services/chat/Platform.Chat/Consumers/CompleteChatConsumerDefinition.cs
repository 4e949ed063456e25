using MassTransit;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Chat.Consumers;

/// <summary>Chat requests arrive on the <c>chat</c> queue the gateway sends to.</summary>
internal sealed class CompleteChatConsumerDefinition : ConsumerDefinition<CompleteChatConsumer>
{
    public CompleteChatConsumerDefinition() => EndpointName = ServiceQueues.Chat;
}
