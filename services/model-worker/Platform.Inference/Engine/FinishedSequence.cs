using Platform.Contracts.Generation;

namespace Platform.Inference.Engine;

/// <summary>A sequence that left the engine, with its token counts for usage metering.</summary>
internal sealed record FinishedSequence(string RequestId, FinishReason Reason, int PromptTokens, int GeneratedTokens);
