using Platform.Contracts.Generation;

namespace Platform.Gateway.Apis;

/// <summary>What the generation pipeline needs of any validated generating request, whatever its endpoint.</summary>
internal interface IGeneratingRequest
{
    /// <summary>The model the request named; null means the gateway's default.</summary>
    string? Model { get; }

    SamplingSettings Sampling { get; }

    /// <summary>Answer as server-sent events rather than one JSON document.</summary>
    bool Stream { get; }

    bool IncludeUsageInStream { get; }

    /// <summary>Characters of prompt text, for the token reservation made before the prompt is tokenised.</summary>
    int PromptCharacters { get; }
}
