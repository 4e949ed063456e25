using Microsoft.AspNetCore.Http;
using Platform.Contracts.Generation;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// Writes a generation as OpenAI <c>chat.completion.chunk</c> events: the assistant role first, then content deltas
/// and the finish.
/// </summary>
/// <param name="withText">Also put each delta in <c>choices[0].text</c> (FIM clients read either shape).</param>
internal sealed class ChatStreamWriter(bool withText) : IChunkShape<ChatCompletionChunk>
{
    private static readonly ChatStreamWriter Chat = new(withText: false);
    private static readonly ChatStreamWriter Fim = new(withText: true);

    public static Task<IResult> StreamAsync(
        HttpContext context, OpenGeneration generation, bool includeUsage, bool withText, CancellationToken cancellationToken) =>
        GenerationEventStream.WriteAsync(context, generation, withText ? Fim : Chat, includeUsage, cancellationToken);

    public ChatCompletionChunk? Opening(OpenGeneration generation) => Chunk(generation, new ChatDelta("assistant", ""), null, "");

    public ChatCompletionChunk Text(OpenGeneration generation, string text, IReadOnlyList<TokenLogprob>? logprobs) =>
        Chunk(generation, new ChatDelta(null, text), null, text, OpenAiLogprobs.Chat(logprobs));

    public ChatCompletionChunk Finish(OpenGeneration generation, string finishReason) =>
        Chunk(generation, new ChatDelta(null, null), finishReason, "");

    public ChatCompletionChunk Usage(OpenGeneration generation, CompletionUsage usage) =>
        new(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(), generation.Model, [], usage);

    private ChatCompletionChunk Chunk(
        OpenGeneration generation, ChatDelta delta, string? finishReason, string text, ChatLogprobs? logprobs = null) =>
        new(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(), generation.Model,
            [new ChatChunkChoice(0, delta, finishReason) { Text = withText ? text : null, Logprobs = logprobs }], null);
}
