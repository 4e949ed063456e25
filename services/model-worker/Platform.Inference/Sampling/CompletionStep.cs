using Platform.Contracts.Generation;

namespace Platform.Inference.Sampling;

/// <summary>New text released by one generated token, and <see cref="FinishReason.Stop"/> when it ends the completion.</summary>
/// <param name="IsEndToken">The token was an end-of-sequence or stop token id: it ends the completion and is no part of it.</param>
internal readonly record struct CompletionStep(string Text, FinishReason? FinishReason, bool IsEndToken = false);
