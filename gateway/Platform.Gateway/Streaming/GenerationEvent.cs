using Platform.Contracts.Generation;

namespace Platform.Gateway.Streaming;

/// <summary>What the HTTP side of a generation sees, in order: text, then exactly one ending.</summary>
internal abstract record GenerationEvent
{
    /// <param name="Logprobs">The tokens behind the text, when the request asked for logprobs.</param>
    public sealed record Text(string Value, IReadOnlyList<TokenLogprob>? Logprobs = null) : GenerationEvent;

    /// <summary>The sources a grounded chat answer cites, before its first text.</summary>
    public sealed record Citations(IReadOnlyList<Platform.Contracts.Chat.ChatCitation> Sources) : GenerationEvent;

    public sealed record Finished(GenerationFinished Outcome) : GenerationEvent;

    public sealed record Rejected(string Code, string Detail) : GenerationEvent;
}
