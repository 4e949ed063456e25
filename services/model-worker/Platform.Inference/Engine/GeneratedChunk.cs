using Platform.Contracts.Generation;

namespace Platform.Inference.Engine;

/// <summary>What one engine step released for a request: its new text and the running token counts.</summary>
/// <param name="Text">New text since the previous chunk; never ends inside a UTF-8 character.</param>
/// <param name="FinishReason">Set on the last chunk only: why the sequence ended.</param>
public sealed record GeneratedChunk(string Text, int PromptTokens, int CompletionTokens, FinishReason? FinishReason)
{
    /// <summary>The token sampled in this step, when the request asked for logprobs (end tokens are not listed).</summary>
    public TokenLogprob? Logprob { get; init; }
}
