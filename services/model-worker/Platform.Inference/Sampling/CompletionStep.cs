using Platform.Contracts.Generation;

namespace Platform.Inference.Sampling;

/// <summary>New text released by one generated token, and <see cref="FinishReason.Stop"/> when it ends the completion.</summary>
internal readonly record struct CompletionStep(string Text, FinishReason? FinishReason);
