using Platform.Contracts.Generation;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Sampling;

/// <summary>
/// Follows one completion token by token: streams its text (whole UTF-8 characters only, stop sequences cut off) and
/// decides the stops that depend on the tokens and text: end-of-sequence, stop token ids and stop sequences. The length stop is the scheduler's;
/// when the engine says the sequence finished, <see cref="Finish"/> releases what was held back.
/// </summary>
internal sealed class CompletionTracker(ITokenizer tokenizer, SamplingSettings sampling, IReadOnlyCollection<int> endOfSequenceIds)
{
    private readonly StreamingDetokenizer _detokenizer = new(tokenizer);
    private readonly StopSequenceMatcher _stops = new(sampling.Stop);
    private bool _cutAtStopSequence;

    public int CompletionTokens { get; private set; }

    public CompletionStep Accept(int token)
    {
        CompletionTokens++;
        if ((!sampling.IgnoreEndOfSequence && endOfSequenceIds.Contains(token)) || sampling.StopTokenIds.Contains(token))
        {
            return new CompletionStep("", FinishReason.Stop, IsEndToken: true);
        }

        var (text, stopped) = _stops.Push(_detokenizer.Append(token));
        _cutAtStopSequence = stopped;
        return new CompletionStep(text, stopped ? FinishReason.Stop : null);
    }

    /// <summary>
    /// The engine finished the sequence for <paramref name="reason"/>: releases held-back bytes and text, unless a stop
    /// sequence already cut the completion. A stop sequence found in the released text still wins.
    /// </summary>
    public CompletionStep Finish(FinishReason reason)
    {
        if (_cutAtStopSequence)
        {
            return new CompletionStep("", FinishReason.Stop);
        }

        var (tail, stopped) = _stops.Push(_detokenizer.Flush());
        return stopped ? new CompletionStep(tail, FinishReason.Stop) : new CompletionStep(tail + _stops.Flush(), reason);
    }
}
