using System.Collections.Immutable;
using Platform.Contracts.Generation;

namespace Platform.Inference.Engine;

internal sealed partial class Scheduler
{
    /// <summary>
    /// Applies a finished step: advances each scheduled sequence's computed tokens, caches its newly full blocks,
    /// appends the sampled token of every sequence whose step reached its end, and finishes (and frees) those that
    /// hit max tokens or that the sampler stopped.
    /// </summary>
    /// <param name="sampled">
    /// By request id, a token for exactly the scheduled sequences with <see cref="ScheduledSequence.SamplesNextToken"/>;
    /// sequences aborted since <see cref="Schedule"/> are skipped whether present or not.
    /// </param>
    /// <returns>The sequences finished by this step.</returns>
    public ImmutableArray<FinishedSequence> UpdateFromOutput(SchedulerOutput output, IReadOnlyDictionary<string, SampledToken> sampled)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sampled);
        var finished = ImmutableArray.CreateBuilder<FinishedSequence>();
        foreach (var step in output.Scheduled)
        {
            if (!_live.TryGetValue(step.RequestId, out var sequence) || sequence.Status != SequenceStatus.Running)
            {
                continue;
            }

            if (sequence.NumComputedTokens != step.StartPosition)
            {
                throw new InvalidOperationException($"{step.RequestId}: the output is not from the latest schedule.");
            }

            bool hasToken = sampled.TryGetValue(step.RequestId, out var token);
            if (!step.SamplesNextToken)
            {
                if (hasToken)
                {
                    throw new ArgumentException($"{step.RequestId} computed a prefill chunk and has no token to sample.", nameof(sampled));
                }

                sequence.NumComputedTokens += step.NumTokens;
                _kvCache.CacheComputedBlocks(sequence);
                continue;
            }

            if (!hasToken)
            {
                throw new ArgumentException($"No sampled token for {step.RequestId}.", nameof(sampled));
            }

            if (token.FinishReason is not (null or FinishReason.Stop))
            {
                throw new ArgumentException("A sampler stops a sequence only with Stop; the length stop is the scheduler's.", nameof(sampled));
            }

            if (sequence.NumGeneratedTokens == 0)
            {
                _promptTokens += sequence.NumPromptTokens;
            }

            AppendVerified(sequence, step, token);
            var reason = token.FinishReason
                ?? (sequence.NumGeneratedTokens >= sequence.Sampling.MaxTokens ? FinishReason.Length : null);
            if (reason is { } stop)
            {
                _running.Remove(sequence);
                finished.Add(Finish(sequence, stop));
            }
        }

        return finished.ToImmutable();
    }
}
