using Platform.Inference.Models;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Runtime;

/// <summary>A request's prompt as token ids, checked against the room the model has for it and its answer.</summary>
internal static class PromptTokens
{
    /// <summary>An empty prompt becomes the beginning-of-sequence token, so there is always a position to predict from.</summary>
    /// <exception cref="ContextLengthExceededException">The prompt plus <paramref name="maxTokens"/> exceed <paramref name="maxSequenceLength"/>.</exception>
    public static List<int> Encode(BpeTokenizer tokenizer, GenAiConfig config, string prompt, int maxTokens, int maxSequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        var tokens = tokenizer.Encode(prompt);
        if (tokens.Count == 0)
        {
            tokens.Add(config.BosTokenId);
        }

        if (tokens.Count + maxTokens > maxSequenceLength)
        {
            throw new ContextLengthExceededException(tokens.Count, maxTokens, maxSequenceLength);
        }

        return tokens;
    }
}
