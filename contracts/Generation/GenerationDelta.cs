namespace Platform.Contracts.Generation;

/// <summary>A piece of generated text, sent by the worker to the requesting gateway instance.</summary>
/// <param name="Sequence">0-based order of this delta within its generation; the receiver reorders by it.</param>
public sealed record GenerationDelta(Guid GenerationId, int Sequence, string Text)
{
    /// <summary>The tokens behind this text, when the request asked for logprobs.</summary>
    public IReadOnlyList<TokenLogprob>? Logprobs { get; init; }
}
