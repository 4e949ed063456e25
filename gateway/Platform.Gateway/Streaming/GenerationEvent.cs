using Platform.Contracts.Generation;

namespace Platform.Gateway.Streaming;

/// <summary>What the HTTP side of a generation sees, in order: text, then exactly one ending.</summary>
internal abstract record GenerationEvent
{
    public sealed record Text(string Value) : GenerationEvent;

    public sealed record Finished(GenerationFinished Outcome) : GenerationEvent;

    public sealed record Rejected(string Code, string Detail) : GenerationEvent;
}
