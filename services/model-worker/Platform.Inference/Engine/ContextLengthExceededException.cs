namespace Platform.Inference.Engine;

/// <summary>A prompt plus its max tokens that the scheduler could never fit, even alone.</summary>
public sealed class ContextLengthExceededException(int promptTokens, int maxTokens, int contextLength)
    : Exception($"The prompt has {promptTokens} tokens and asks for {maxTokens} more, but the model's context is {contextLength} tokens.")
{
    public int PromptTokens { get; } = promptTokens;
    public int ContextLength { get; } = contextLength;
}
