namespace Platform.Contracts.Generation;

/// <summary>A piece of generated text, sent by the worker to the requesting gateway instance.</summary>
/// <param name="Sequence">0-based order of this delta within its attempt; the receiver reorders by it.</param>
public sealed record GenerationDelta(Guid GenerationId, int Sequence, string Text)
{
    /// <summary>
    /// Which run of the generation sent this: a <see cref="Generate"/> redelivered after its worker died starts a new
    /// attempt whose sequence numbers start again at 0, so the gateway never splices text from two runs.
    /// </summary>
    public Guid Attempt { get; init; }

    /// <summary>The tokens behind this text, when the request asked for logprobs.</summary>
    public IReadOnlyList<TokenLogprob>? Logprobs { get; init; }
}
