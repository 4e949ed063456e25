using Platform.Contracts.Generation;
using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

internal static class SequenceFactory
{
    public static Sequence Create(string id, int promptLength, int maxTokens = 8, int firstToken = 1000, string salt = "tenant-a", int priority = 0) =>
        new(id, Enumerable.Range(firstToken, promptLength), Sampling(maxTokens)) { CacheSalt = salt, Priority = priority };

    public static Sequence Create(string id, int[] prompt, int maxTokens = 8, string salt = "tenant-a", int priority = 0) =>
        new(id, prompt, Sampling(maxTokens)) { CacheSalt = salt, Priority = priority };

    /// <summary>Greedy sampling of <paramref name="maxTokens"/> tokens, end-of-sequence ignored.</summary>
    public static SamplingSettings Sampling(int maxTokens) => new() { MaxTokens = maxTokens, IgnoreEndOfSequence = true };
}
