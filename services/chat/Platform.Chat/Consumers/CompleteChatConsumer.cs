using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Chat.Grounding;
using Platform.Chat.Prompts;
using Platform.Contracts.Chat;
using Platform.Contracts.Generation;
using Platform.Prompting;

namespace Platform.Chat.Consumers;

/// <summary>
/// Turns a chat request into a <see cref="Generate"/> command at chat priority for the target model's queue. A request
/// with a <see cref="CompleteChat.Context"/> is grounded first: its sources go into the prompt, and their citations to
/// the gateway before the model starts, so they reach the client ahead of the first token.
/// </summary>
internal sealed class CompleteChatConsumer(ChatPromptBuilder prompts, ChatGrounding grounding, TimeProvider time, ILogger<CompleteChatConsumer> logger)
    : IConsumer<CompleteChat>
{
    public async Task Consume(ConsumeContext<CompleteChat> context)
    {
        var request = context.Message;
        if (await context.RejectIfExpiredAsync(request, time.GetUtcNow()))
        {
            return;
        }

        IReadOnlyList<ChatSource>? sources = null;
        if (request.Context is { } wanted)
        {
            var found = await grounding.GatherAsync(request.TenantId, wanted, ChatPromptBuilder.ConversationOf(request), context.CancellationToken);
            var stream = await context.GetSendEndpoint(request.StreamAddress);
            if (found.Refusal is { } refusal)
            {
                await stream.Send(new GenerationRejected(request.GenerationId, GenerationRejectionCodes.InvalidRequest, refusal));
                return;
            }

            if (await context.RejectIfExpiredAsync(request, time.GetUtcNow()))
            {
                return;
            }

            sources = found.Sources;
            await stream.Send(new ChatCitations(request.GenerationId, [.. sources.Select(source => source.Citation)]));
        }

        var prompt = prompts.Build(request, sources);
        await context.ForwardToModelAsync(request, prompt.Text, prompt.StopSequences, GenerationPriority.Chat);
        logger.LogDebug("Chat generation {GenerationId} sent to {Model} ({Messages} messages, {Sources} sources, {PromptChars} prompt characters).",
            request.GenerationId, request.Model, request.Messages.Count, sources?.Count ?? 0, prompt.Text.Length);
    }
}
