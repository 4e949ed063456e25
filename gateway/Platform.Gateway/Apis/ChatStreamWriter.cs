using Microsoft.AspNetCore.Http;
using Platform.Contracts.Generation;
using Platform.Gateway.Streaming;
using Platform.Prompting.Tools;

namespace Platform.Gateway.Apis;

/// <summary>
/// Writes a generation as OpenAI <c>chat.completion.chunk</c> events: the assistant role first, then content deltas
/// and the finish. With tools, the text goes through a <see cref="ToolCallParser"/>: content streams as it comes, each
/// call is sent as OpenAI sends one (index, id and name, then its arguments in fragments) and the finish reason is
/// <c>tool_calls</c>.
/// </summary>
/// <param name="withText">Also put each delta in <c>choices[0].text</c> (FIM clients read either shape).</param>
internal sealed class ChatStreamWriter(bool withText, ToolCallParser? tools = null) : IChunkShape<ChatCompletionChunk>
{
    /// <summary>Arguments go out in pieces of this many characters, as a model would stream them.</summary>
    private const int ArgumentFragment = 16;

    public static Task<IResult> StreamAsync(
        HttpContext context, OpenGeneration generation, bool includeUsage, bool withText, CancellationToken cancellationToken,
        ToolCallParser? tools = null) =>
        GenerationEventStream.WriteAsync(context, generation, new ChatStreamWriter(withText, tools), includeUsage, cancellationToken);

    public ChatCompletionChunk? Opening(OpenGeneration generation) =>
        Chunk(generation, new ChatDelta("assistant", ""), null, "") with { Citations = CitationJson.From(generation.Citations) };

    public IEnumerable<ChatCompletionChunk> Text(OpenGeneration generation, string text, IReadOnlyList<TokenLogprob>? logprobs) =>
        tools is null ? [Chunk(generation, new ChatDelta(null, text), null, text, OpenAiLogprobs.Chat(logprobs))] : Chunks(generation, tools.Push(text));

    public IEnumerable<ChatCompletionChunk> Finish(OpenGeneration generation, FinishReason reason)
    {
        var held = tools is null ? [] : Chunks(generation, tools.Complete()).ToList();
        var name = tools is { CallCount: > 0 } ? "tool_calls" : OpenAiFinishReason.Name(reason);
        return [.. held, Chunk(generation, new ChatDelta(null, null), name, "")];
    }

    public ChatCompletionChunk Usage(OpenGeneration generation, CompletionUsage usage) =>
        new(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(), generation.Model, [], usage);

    private IEnumerable<ChatCompletionChunk> Chunks(OpenGeneration generation, IReadOnlyList<ParsedOutput> outputs)
    {
        foreach (var output in outputs)
        {
            switch (output)
            {
                case ParsedOutput.Content content:
                    yield return Chunk(generation, new ChatDelta(null, content.Text), null, content.Text);
                    break;
                case ParsedOutput.Call call:
                    var id = ToolCallIds.For(generation, call.Index);
                    yield return Chunk(generation, new ChatDelta(null, null)
                    {
                        ToolCalls = [new ToolCallDeltaJson(call.Index, id, "function", new FunctionCallJson(call.Name, ""))],
                    }, null, "");
                    for (var start = 0; start < call.Arguments.Length; start += ArgumentFragment)
                    {
                        var fragment = call.Arguments.Substring(start, Math.Min(ArgumentFragment, call.Arguments.Length - start));
                        yield return Chunk(generation, new ChatDelta(null, null)
                        {
                            ToolCalls = [new ToolCallDeltaJson(call.Index, null, null, new FunctionCallJson(null, fragment))],
                        }, null, "");
                    }

                    break;
            }
        }
    }

    private ChatCompletionChunk Chunk(
        OpenGeneration generation, ChatDelta delta, string? finishReason, string text, ChatLogprobs? logprobs = null) =>
        new(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(), generation.Model,
            [new ChatChunkChoice(0, delta, finishReason) { Text = withText ? text : null, Logprobs = logprobs }], null);
}

/// <summary>Ids of the calls in one answer: stable per generation and index, so plain and streamed answers agree.</summary>
internal static class ToolCallIds
{
    public static string For(OpenGeneration generation, int index) => $"call_{generation.Stream.GenerationId:N}_{index}";
}
