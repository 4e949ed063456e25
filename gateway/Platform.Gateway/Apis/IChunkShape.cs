using Platform.Contracts.Generation;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>How one OpenAI streaming shape turns a generation's events into chunks.</summary>
internal interface IChunkShape<TChunk>
    where TChunk : class
{
    /// <summary>The chunk sent before any text (chat: the assistant role), or null.</summary>
    TChunk? Opening(OpenGeneration generation);

    /// <param name="logprobs">The tokens behind the text, when the request asked for logprobs.</param>
    TChunk Text(OpenGeneration generation, string text, IReadOnlyList<TokenLogprob>? logprobs);

    TChunk Finish(OpenGeneration generation, string finishReason);

    /// <summary>The choice-less chunk that carries usage when the client asked for it.</summary>
    TChunk Usage(OpenGeneration generation, CompletionUsage usage);
}
