using Microsoft.AspNetCore.Http;
using Platform.Contracts.Generation;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>Writes a generation as OpenAI <c>text_completion</c> chunks: the text as it arrives, then the finish.</summary>
internal sealed class CompletionStreamWriter : IChunkShape<TextCompletion>
{
    private static readonly CompletionStreamWriter Shape = new();

    public static Task<IResult> StreamAsync(
        HttpContext context, OpenGeneration generation, bool includeUsage, CancellationToken cancellationToken) =>
        GenerationEventStream.WriteAsync(context, generation, Shape, includeUsage, cancellationToken);

    public TextCompletion? Opening(OpenGeneration generation) => null;

    public IEnumerable<TextCompletion> Text(OpenGeneration generation, string text, IReadOnlyList<TokenLogprob>? logprobs)
    {
        var described = OpenAiLogprobs.Completion(logprobs, generation.LogprobTextOffset);
        generation.LogprobTextOffset += logprobs?.Sum(t => t.Token.Length) ?? 0;
        return [Chunk(generation, text, null, described)];
    }

    public IEnumerable<TextCompletion> Finish(OpenGeneration generation, FinishReason reason) =>
        [Chunk(generation, "", OpenAiFinishReason.Name(reason))];

    public TextCompletion Usage(OpenGeneration generation, CompletionUsage usage) =>
        new(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(), generation.Model, [], usage);

    private static TextCompletion Chunk(OpenGeneration generation, string text, string? finishReason, CompletionLogprobs? logprobs = null) =>
        new(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(), generation.Model,
            [new TextCompletionChoice(text, 0, finishReason) { Logprobs = logprobs }], null);
}
