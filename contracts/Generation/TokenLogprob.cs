namespace Platform.Contracts.Generation;

/// <summary>
/// A generated token's log-probability under the model, with the most likely tokens at its position when asked
/// (OpenAI's <c>logprobs.content</c> entries). <see cref="Bytes"/> is the token's UTF-8, which for a token that ends
/// inside a character is not valid text on its own.
/// </summary>
public sealed record TokenLogprob(string Token, float Logprob, byte[] Bytes, IReadOnlyList<TopTokenLogprob> TopLogprobs);

/// <summary>One of the most likely tokens at a position, for <see cref="TokenLogprob.TopLogprobs"/>.</summary>
public sealed record TopTokenLogprob(string Token, float Logprob, byte[] Bytes);
