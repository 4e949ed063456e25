using MassTransit;
using Platform.Contracts.Generation;

namespace Platform.ModelWorker.Consumers;

/// <summary>Runs on a per-instance temporary endpoint, so every worker hears every cancel.</summary>
internal sealed class CancelGenerationConsumer(GenerationCancellations cancellations) : IConsumer<CancelGeneration>
{
    public Task Consume(ConsumeContext<CancelGeneration> context)
    {
        cancellations.Cancel(context.Message.GenerationId);
        return Task.CompletedTask;
    }
}
