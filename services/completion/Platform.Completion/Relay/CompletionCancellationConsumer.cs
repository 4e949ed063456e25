using MassTransit;
using Platform.Contracts.Generation;

namespace Platform.Completion.Relay;

/// <summary>
/// Cancels of editors' completions, heard by every instance. A gateway cancels by its own generation id (the client
/// left): the instance holding it passes the cancel on under the model generation's id. A superseding request cancels
/// by the model generation's id: the instance holding it answers the waiting gateway at once with a cancelled finish,
/// whatever the worker does (a generation cancelled before it started sends nothing back).
/// </summary>
internal sealed class CompletionCancellationConsumer(PendingCompletions pending, TimeProvider time) : IConsumer<CancelGeneration>
{
    public async Task Consume(ConsumeContext<CancelGeneration> context)
    {
        var id = context.Message.GenerationId;
        if (pending.ModelGenerationOf(id) is { } modelGeneration)
        {
            pending.Take(modelGeneration);
            await context.Publish(new CancelGeneration(modelGeneration));
            return;
        }

        if (pending.Take(id) is not { } superseded)
        {
            return;
        }

        var request = superseded.Request;
        var gateway = await context.GetSendEndpoint(request.StreamAddress);
        await gateway.Send(new GenerationFinished
        {
            GenerationId = request.GenerationId,
            Model = request.Model,
            FinishReason = FinishReason.Cancelled,
            DeltaCount = 0,
            PromptTokens = 0,
            CompletionTokens = 0,
            QueueTime = time.GetUtcNow() - request.AcceptedAt,
            WorkerTime = TimeSpan.Zero,
            Text = "",
        });
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
