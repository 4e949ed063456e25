using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// Writes a generation as OpenAI-style server-sent events ending in <c>data: [DONE]</c>. Headers wait for the first
/// event, so a request rejected before any output still gets a proper status and problem+json.
/// </summary>
internal static class CompletionStreamWriter
{
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

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
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "text/event-stream";
                response.Headers.CacheControl = "no-cache";
                response.Headers["X-Accel-Buffering"] = "no";
                started = true;
            }

            switch (item)
            {
                case GenerationEvent.Text delta:
                    await WriteChunkAsync(response, Chunk(generation, delta.Value, null, null), cancellationToken);
                    break;
                case GenerationEvent.Finished finished:
                    generation.Ended = true;
                    var outcome = finished.Outcome;
                    await WriteChunkAsync(response, Chunk(generation, "", CompletionsApi.FinishReasonName(outcome.FinishReason), null), cancellationToken);
                    if (includeUsage)
                    {
                        var usage = new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens);
                        await WriteChunkAsync(response, new TextCompletion(generation.CompletionId,
                            generation.CreatedAt.ToUnixTimeSeconds(), generation.Model, [], usage), cancellationToken);
                    }

                    await response.Body.WriteAsync(Done, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    return Results.Empty;
                case GenerationEvent.Rejected late:
                    generation.Ended = true;
                    var error = new { error = new { message = late.Detail, type = "server_error", code = late.Code } };
                    await WriteEventAsync(response, JsonSerializer.SerializeToUtf8Bytes(error), cancellationToken);
                    await response.Body.WriteAsync(Done, cancellationToken);
                    return Results.Empty;
            }
        }

        throw new OperationCanceledException();
    }

    private static TextCompletion Chunk(OpenGeneration generation, string text, string? finishReason, CompletionUsage? usage) =>
        new(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(), generation.Model,
            [new TextCompletionChoice(text, 0, finishReason)], usage);

    private static Task WriteChunkAsync(HttpResponse response, TextCompletion chunk, CancellationToken cancellationToken) =>
        WriteEventAsync(response, JsonSerializer.SerializeToUtf8Bytes(chunk), cancellationToken);

    private static async Task WriteEventAsync(HttpResponse response, byte[] json, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync("data: "u8.ToArray(), cancellationToken);
        await response.Body.WriteAsync(json, cancellationToken);
        await response.Body.WriteAsync("\n\n"u8.ToArray(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
