using Microsoft.AspNetCore.Http;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// Writes a generation as OpenAI <c>chat.completion.chunk</c> events: the assistant role first, then content
/// deltas, a finish chunk, the usage chunk when asked for, and <c>data: [DONE]</c>. Headers wait for the first
/// event, so a request rejected before any output still gets a proper status and problem+json.
/// </summary>
internal static class ChatStreamWriter
{
    /// <param name="withText">Also put each delta in <c>choices[0].text</c> (FIM clients read either shape).</param>
    public static async Task<IResult> StreamAsync(
        HttpContext context, OpenGeneration generation, bool includeUsage, bool withText, CancellationToken cancellationToken)
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
                await ServerSentEvents.WriteAsync(response, Chunk(generation, new ChatDelta("assistant", ""), null, withText ? "" : null), cancellationToken);
            }

            switch (item)
            {
                case GenerationEvent.Text delta:
                    await ServerSentEvents.WriteAsync(response, Chunk(generation, new ChatDelta(null, delta.Value), null, withText ? delta.Value : null), cancellationToken);
                    break;
                case GenerationEvent.Finished finished:
                    generation.Ended = true;
                    var outcome = finished.Outcome;
                    var reason = CompletionsApi.FinishReasonName(outcome.FinishReason);
                    await ServerSentEvents.WriteAsync(response, Chunk(generation, new ChatDelta(null, null), reason, withText ? "" : null), cancellationToken);
                    if (includeUsage)
                    {
                        await ServerSentEvents.WriteAsync(response, new ChatCompletionChunk(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(),
                            generation.Model, [], new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens)), cancellationToken);
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

    private static ChatCompletionChunk Chunk(OpenGeneration generation, ChatDelta delta, string? finishReason, string? text) =>
        new(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(), generation.Model,
            [new ChatChunkChoice(0, delta, finishReason) { Text = text }], null);
}
