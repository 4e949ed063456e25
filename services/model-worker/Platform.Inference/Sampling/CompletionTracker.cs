using Platform.Contracts.Generation;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Sampling;

/// <summary>New text released by one generated token, and why generation ends (null while it goes on).</summary>
internal readonly record struct CompletionStep(string Text, FinishReason? FinishReason);

/// <summary>
/// Follows one completion token by token: streams its text (whole UTF-8 characters only, stop sequences cut off)
/// and decides when it ends: end-of-sequence, a stop sequence, or max tokens.
/// </summary>
internal sealed class CompletionTracker(BpeTokenizer tokenizer, SamplingSettings sampling, IReadOnlyCollection<int> endOfSequenceIds)
{
    private readonly StreamingDetokenizer _detokenizer = new(tokenizer);
    private readonly StopSequenceMatcher _stops = new(sampling.Stop);

    public int CompletionTokens { get; private set; }

    public CompletionStep Accept(int token)
    {
        CompletionTokens++;
        if (!sampling.IgnoreEndOfSequence && endOfSequenceIds.Contains(token))
        {
            return Finish("", FinishReason.Stop);
        }

        var (text, stopped) = _stops.Push(_detokenizer.Append(token));
        if (stopped)
        {
            return new CompletionStep(text, FinishReason.Stop);
        }

        return CompletionTokens >= sampling.MaxTokens ? Finish(text, FinishReason.Length) : new CompletionStep(text, null);
    }

    /// <summary>Releases held-back bytes and text; a stop sequence found in them still wins.</summary>
    private CompletionStep Finish(string released, FinishReason reason)
    {
        var (tail, stopped) = _stops.Push(_detokenizer.Flush());
        return stopped
            ? new CompletionStep(released + tail, FinishReason.Stop)
            : new CompletionStep(released + tail + _stops.Flush(), reason);
    }
}
