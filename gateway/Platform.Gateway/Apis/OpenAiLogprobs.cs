using System.Text.Json.Serialization;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Apis;

/// <summary>
/// The worker's token logprobs in OpenAI's two response shapes: chat's <c>logprobs.content</c> list and the legacy
/// completions object of parallel arrays.
/// </summary>
internal static class OpenAiLogprobs
{
    public static ChatLogprobs? Chat(IReadOnlyList<TokenLogprob>? tokens) =>
        tokens is not { Count: > 0 }
            ? null
            : new ChatLogprobs([.. tokens.Select(t => new ChatTokenLogprob(
                t.Token, t.Logprob, Bytes(t.Bytes), [.. t.TopLogprobs.Select(top => new ChatTopLogprob(top.Token, top.Logprob, Bytes(top.Bytes)))]))]);

    /// <param name="textOffset">Where the first token's text starts in the whole completion.</param>
    public static CompletionLogprobs? Completion(IReadOnlyList<TokenLogprob>? tokens, int textOffset)
    {
        if (tokens is not { Count: > 0 })
        {
            return null;
        }

        var offsets = new int[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            offsets[i] = textOffset;
            textOffset += tokens[i].Token.Length;
        }

        return new CompletionLogprobs(
            [.. tokens.Select(t => t.Token)],
            [.. tokens.Select(t => t.Logprob)],
            [.. tokens.Select(t => t.TopLogprobs.GroupBy(top => top.Token).ToDictionary(g => g.Key, g => g.First().Logprob))],
            offsets);
    }

    private static int[] Bytes(byte[] bytes) => Array.ConvertAll(bytes, b => (int)b);
}

internal sealed record ChatLogprobs([property: JsonPropertyName("content")] IReadOnlyList<ChatTokenLogprob> Content)
{
    [JsonPropertyName("refusal")]
    public object? Refusal { get; init; } = null;
}

internal sealed record ChatTokenLogprob(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("logprob")] float Logprob,
    [property: JsonPropertyName("bytes")] int[] Bytes,
    [property: JsonPropertyName("top_logprobs")] IReadOnlyList<ChatTopLogprob> TopLogprobs);

internal sealed record ChatTopLogprob(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("logprob")] float Logprob,
    [property: JsonPropertyName("bytes")] int[] Bytes);

internal sealed record CompletionLogprobs(
    [property: JsonPropertyName("tokens")] IReadOnlyList<string> Tokens,
    [property: JsonPropertyName("token_logprobs")] IReadOnlyList<float> TokenLogprobs,
    [property: JsonPropertyName("top_logprobs")] IReadOnlyList<IReadOnlyDictionary<string, float>> TopLogprobs,
    [property: JsonPropertyName("text_offset")] IReadOnlyList<int> TextOffset);
