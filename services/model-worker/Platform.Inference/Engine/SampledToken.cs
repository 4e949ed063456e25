using Platform.Contracts.Generation;

namespace Platform.Inference.Engine;

/// <summary>
/// A token the sampler picked for a sequence, and <see cref="FinishReason.Stop"/> when it ends it (end-of-sequence or
/// a stop sequence); the length stop is the scheduler's own decision.
/// </summary>
internal readonly record struct SampledToken(int TokenId, FinishReason? FinishReason = null);
