using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Chat.Prompts;
using Platform.Contracts.Chat;
using Platform.Contracts.Generation;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Chat.Consumers;

/// <summary>Turns a chat request into a <see cref="Generate"/> command at chat priority for the target model's queue.</summary>
public sealed class CompleteChatConsumer(ChatPromptBuilder prompts, TimeProvider time, ILogger<CompleteChatConsumer> logger)
    : IConsumer<CompleteChat>
{
    public async Task Consume(ConsumeContext<CompleteChat> context)
    {
        var request = context.Message;
        if (await context.RejectIfExpiredAsync(request.GenerationId, request.StreamAddress, request.Deadline, time.GetUtcNow()))
        {
            return;
        }

        var prompt = prompts.Build(request.Model, request.Messages, request.Sampling.Stop);
        var generate = new Generate
        {
            GenerationId = request.GenerationId,
            TenantId = request.TenantId,
            ApiKeyId = request.ApiKeyId,
            Model = request.Model,
            Prompt = prompt.Text,
            Sampling = request.Sampling with { Stop = prompt.StopSequences },
            Priority = GenerationPriority.Chat,
            StreamAddress = request.StreamAddress,
            StreamDeltas = request.StreamDeltas,
            Deadline = request.Deadline,
            AcceptedAt = request.AcceptedAt,
            Endpoint = request.Endpoint,
        };

        await context.SendToModelAsync(generate);
        logger.LogDebug("Chat generation {GenerationId} sent to {Model} ({Messages} messages, {PromptChars} prompt characters).",
            request.GenerationId, request.Model, request.Messages.Count, prompt.Text.Length);
    }
}
