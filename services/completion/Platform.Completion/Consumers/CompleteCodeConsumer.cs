using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Completion.Prompts;
using Platform.Completion.Relay;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;
using Platform.Prompting;

namespace Platform.Completion.Consumers;

/// <summary>
/// Turns a code completion request into a <see cref="Generate"/> command for the target model's queue.
/// Editors' requests (the native API) go through <see cref="EditorCompletions"/>: cache, typing-ahead, superseding,
/// document sync and post-processing.
/// </summary>
internal sealed class CompleteCodeConsumer(
    FimPromptBuilder prompts, EditorCompletions editors, Grounding.RepositoryGrounding grounding, TimeProvider time, ILogger<CompleteCodeConsumer> logger)
    : IConsumer<CompleteCode>
{
    public async Task Consume(ConsumeContext<CompleteCode> context)
    {
        var request = context.Message;
        if (await context.RejectIfExpiredAsync(request, time.GetUtcNow()))
        {
            return;
        }

        if (request.Editor)
        {
            await editors.RunAsync(context, request);
            return;
        }

        var prompt = prompts.Build(request, await grounding.FindAsync(request, context.CancellationToken));
        await context.ForwardToModelAsync(request, prompt.Text, prompt.StopSequences, GenerationPriority.Completion);
        logger.LogDebug("Generation {GenerationId} sent to {Model} ({PromptChars} prompt characters).",
            request.GenerationId, request.Model, prompt.Text.Length);
    }
}
