using Microsoft.AspNetCore.Http;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// Writes a generation as server-sent events in a given chunk shape: an optional opening chunk, the text as it
/// arrives, a finish chunk, the usage chunk when asked for, and <c>data: [DONE]</c>. Headers wait for the first event,
/// so a request rejected before any output still gets a proper status and problem+json; a later rejection becomes an
/// error event.
/// </summary>
internal static class GenerationEventStream
{
    public static async Task<IResult> WriteAsync<TChunk>(
        HttpContext context, OpenGeneration generation, IChunkShape<TChunk> shape, bool includeUsage, CancellationToken cancellationToken)
        where TChunk : class
    {
        var response = context.Response;
        var started = false;
        await foreach (var item in generation.Stream.ReadAllAsync(cancellationToken))
        {
            if (item is GenerationEvent.Rejected rejected && !started)
            {
                generation.Ended = true;
                return GenerationProblems.Rejection(rejected);
            }

            if (item is GenerationEvent.Citations cited)
            {
                generation.Citations = cited.Sources; // the opening chunk carries them
            }

            if (!started)
            {
                ServerSentEvents.Begin(response);
                started = true;
                if (shape.Opening(generation) is { } opening)
                {
                    await ServerSentEvents.WriteAsync(response, opening, cancellationToken);
                }
            }

            switch (item)
            {
                case GenerationEvent.Text delta:
                    foreach (var chunk in shape.Text(generation, delta.Value, delta.Logprobs))
                    {
                        await ServerSentEvents.WriteAsync(response, chunk, cancellationToken);
                    }

                    break;
                case GenerationEvent.Finished finished:
                    generation.Ended = true;
                    var outcome = finished.Outcome;
                    foreach (var chunk in shape.Finish(generation, outcome.FinishReason))
                    {
                        await ServerSentEvents.WriteAsync(response, chunk, cancellationToken);
                    }

                    if (includeUsage)
                    {
                        await ServerSentEvents.WriteAsync(response,
                            shape.Usage(generation, new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens)), cancellationToken);
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
}
