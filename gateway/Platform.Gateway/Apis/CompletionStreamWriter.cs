using Microsoft.AspNetCore.Http;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// Writes a generation as OpenAI-style server-sent events ending in <c>data: [DONE]</c>. Headers wait for the first
/// event, so a request rejected before any output still gets a proper status and problem+json.
/// </summary>
internal static class CompletionStreamWriter
{
    public static async Task<IResult> StreamAsync(
        HttpContext context, OpenGeneration generation, bool includeUsage, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var started = false;
        await foreach (var item in generation.Stream.ReadAllAsync(cancellationToken))
        {
            if (item is GenerationEvent.Rejected rejected && !started)
            {
                generation.Ended = true;
                return CompletionsApi.RejectionProblem(rejected);
            }

            if (!started)
            {
                ServerSentEvents.Begin(response);
                started = true;
            }

            switch (item)
            {
                case GenerationEvent.Text delta:
                    await ServerSentEvents.WriteAsync(response, Chunk(generation, delta.Value, null, null), cancellationToken);
                    break;
                case GenerationEvent.Finished finished:
                    generation.Ended = true;
                    var outcome = finished.Outcome;
                    await ServerSentEvents.WriteAsync(response, Chunk(generation, "", CompletionsApi.FinishReasonName(outcome.FinishReason), null), cancellationToken);
                    if (includeUsage)
                    {
                        var usage = new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens);
                        await ServerSentEvents.WriteAsync(response, new TextCompletion(generation.CompletionId,
                            generation.CreatedAt.ToUnixTimeSeconds(), generation.Model, [], usage), cancellationToken);
                    }

                    await ServerSentEvents.WriteDoneAsync(response, cancellationToken);
                    return Results.Empty;
                case GenerationEvent.Rejected late:
                    generation.Ended = true;
                    await ServerSentEvents.WriteFailureAsync(response, late, cancellationToken);
                    return Results.Empty;
            }
        }

        throw new OperationCanceledException();
    }

    private static TextCompletion Chunk(OpenGeneration generation, string text, string? finishReason, CompletionUsage? usage) =>
        new(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(), generation.Model,
            [new TextCompletionChoice(text, 0, finishReason)], usage);
}
