using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Chat.Prompts;
using Platform.Contracts.Chat;
using Platform.Contracts.Generation;
using Platform.Prompting;

namespace Platform.Chat.Consumers;

/// <summary>Turns a chat request into a <see cref="Generate"/> command at chat priority for the target model's queue.</summary>
internal sealed class CompleteChatConsumer(ChatPromptBuilder prompts, TimeProvider time, ILogger<CompleteChatConsumer> logger)
    : IConsumer<CompleteChat>
{
    public async Task Consume(ConsumeContext<CompleteChat> context)
    {
        var request = context.Message;
        if (await context.RejectIfExpiredAsync(request, time.GetUtcNow()))
        {
            return;
        }

        var prompt = prompts.Build(request);
        await context.ForwardToModelAsync(request, prompt.Text, prompt.StopSequences, GenerationPriority.Chat);
        logger.LogDebug("Chat generation {GenerationId} sent to {Model} ({Messages} messages, {PromptChars} prompt characters).",
            request.GenerationId, request.Model, request.Messages.Count, prompt.Text.Length);
    }
}
