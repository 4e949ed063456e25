using MassTransit;
using Platform.Contracts.Generation;

namespace Platform.Completion.Relay;

/// <summary>
/// A gateway cancels by its own generation id; an editor's completion runs on the model under an id of its own, so
/// the instance that holds it passes the cancel on under that id (every instance hears every cancel).
/// </summary>
internal sealed class CompletionCancellationConsumer(PendingCompletions pending) : IConsumer<CancelGeneration>
{
    public async Task Consume(ConsumeContext<CancelGeneration> context)
    {
        if (pending.ModelGenerationOf(context.Message.GenerationId) is { } modelGeneration)
        {
            await context.Publish(new CancelGeneration(modelGeneration));
        }
    }
}

/// <summary>A temporary endpoint per instance, so that the instance holding the generation hears its cancel.</summary>
internal sealed class CompletionCancellationConsumerDefinition : ConsumerDefinition<CompletionCancellationConsumer>
{
    public CompletionCancellationConsumerDefinition() => Endpoint(endpoint =>
    {
        endpoint.InstanceId = Guid.NewGuid().ToString("N")[..12];
        endpoint.Temporary = true;
    });
}
