using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Completion.Prompts;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Completion.Consumers;

/// <summary>Turns a code completion request into a <see cref="Generate"/> command for the target model's queue.</summary>
public sealed class CompleteCodeConsumer(FimPromptBuilder prompts, TimeProvider time, ILogger<CompleteCodeConsumer> logger)
    : IConsumer<CompleteCode>
{
    public async Task Consume(ConsumeContext<CompleteCode> context)
    {
        var request = context.Message;
        if (await context.RejectIfExpiredAsync(request.GenerationId, request.StreamAddress, request.Deadline, time.GetUtcNow()))
        {
            return;
        }

        var prompt = prompts.Build(request);
        var generate = new Generate
        {
            GenerationId = request.GenerationId,
            TenantId = request.TenantId,
            ApiKeyId = request.ApiKeyId,
            Model = request.Model,
            Prompt = prompt.Text,
            Sampling = request.Sampling with { Stop = prompt.StopSequences },
            Priority = GenerationPriority.Completion,
            StreamAddress = request.StreamAddress,
            StreamDeltas = request.StreamDeltas,
            Deadline = request.Deadline,
            AcceptedAt = request.AcceptedAt,
            Endpoint = request.Endpoint,
        };

        await context.SendToModelAsync(generate);
        logger.LogDebug("Generation {GenerationId} sent to {Model} ({PromptChars} prompt characters).",
            request.GenerationId, request.Model, prompt.Text.Length);
    }
}
