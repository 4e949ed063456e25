using Platform.Contracts.Generation;

namespace Platform.Inference;

/// <summary>
/// Generates text for prompts with one loaded model. The worker host talks to the model only through this;
/// the simple greedy loop and the paged, continuously batched engine are both implementations.
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

/// <summary>A loaded model as the rest of the platform sees it.</summary>
public sealed record ModelDescriptor(string Name, int ContextLength, int VocabularySize);

/// <param name="RequestId">Unique id, used for logging and cancellation.</param>
/// <param name="Sampling">The wire's sampling settings, passed through to the sampler unchanged.</param>
public sealed record TextGenerationRequest(string RequestId, string Prompt, SamplingSettings Sampling)
{
    /// <summary>Prefix-cache isolation key (the tenant): requests with different salts never share cached state.</summary>
    public string CacheSalt { get; init; } = "";
    /// <summary>Lower runs first (0 = code completion, 1 = chat).</summary>
    public int Priority { get; init; }
    public DateTimeOffset? Deadline { get; init; }
}

/// <param name="Text">New text since the previous chunk; never ends inside a UTF-8 character.</param>
/// <param name="FinishReason">Set on the last chunk only: why the sequence ended.</param>
public sealed record GeneratedChunk(string Text, int PromptTokens, int CompletionTokens, FinishReason? FinishReason);

public sealed class ContextLengthExceededException(int promptTokens, int maxTokens, int contextLength)
    : Exception($"The prompt has {promptTokens} tokens and asks for {maxTokens} more, but the model's context is {contextLength} tokens.")
{
    public int PromptTokens { get; } = promptTokens;
    public int ContextLength { get; } = contextLength;
}
