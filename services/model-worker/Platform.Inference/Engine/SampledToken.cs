using Platform.Contracts.Generation;

namespace Platform.Inference.Engine;

/// <summary>
/// A token the sampler picked for a sequence, and <see cref="FinishReason.Stop"/> when it ends it (end-of-sequence or
/// a stop sequence); the length stop is the scheduler's own decision. With speculation, <see cref="AcceptedDrafts"/>
/// leading draft tokens of the step were accepted and come before <see cref="TokenId"/>, the token sampled after them.
/// </summary>
internal readonly record struct SampledToken(int TokenId, FinishReason? FinishReason = null, int AcceptedDrafts = 0);
