using Platform.Inference.Engine;

namespace Platform.Inference;

/// <summary>
/// Generates text for prompts with one loaded model. The worker host talks to the model only through this;
/// <see cref="EngineTextGenerator"/> is the implementation (a host may put a stand-in in its place).
/// </summary>
public interface ITextGenerator : IAsyncDisposable
{
    /// <summary>What is loaded: name, context length, special tokens.</summary>
    ModelDescriptor Model { get; }

    /// <summary>
    /// Streams the completion of <paramref name="request"/>. Every chunk carries new text (possibly empty) and the
    /// running token counts; the last chunk has <see cref="GeneratedChunk.FinishReason"/> set. Cancelling the token
    /// stops generation and frees its resources at once.
    /// </summary>
    /// <exception cref="ContextLengthExceededException">The prompt plus max tokens cannot fit the model's context.</exception>
    IAsyncEnumerable<GeneratedChunk> GenerateAsync(TextGenerationRequest request, CancellationToken cancellationToken = default);
}
