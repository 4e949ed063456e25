using Platform.Contracts.Generation;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// How one OpenAI streaming shape turns a generation's events into chunks. A shape may hold text back (a tool call
/// is sent once it is whole), so a delta gives zero or more chunks, and the finish flushes what is held.
/// </summary>
internal interface IChunkShape<TChunk>
    where TChunk : class
{
    /// <summary>The chunk sent before any text (chat: the assistant role), or null.</summary>
    TChunk? Opening(OpenGeneration generation);

    /// <param name="logprobs">The tokens behind the text, when the request asked for logprobs.</param>
    IEnumerable<TChunk> Text(OpenGeneration generation, string text, IReadOnlyList<TokenLogprob>? logprobs);

    /// <summary>Whatever was held back, then the chunk with the finish reason.</summary>
    IEnumerable<TChunk> Finish(OpenGeneration generation, FinishReason reason);

    /// <summary>The choice-less chunk that carries usage when the client asked for it.</summary>
    TChunk Usage(OpenGeneration generation, CompletionUsage usage);
}
