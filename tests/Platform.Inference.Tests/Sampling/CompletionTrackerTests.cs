using Platform.Contracts.Generation;
using Platform.Inference.Sampling;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Tests.Sampling;

[Collection(TinyModelGroup.Name)]
public sealed class CompletionTrackerTests(TinyModelFixture model)
{
    private int EndOfText => model.Tokenizer.TokenToId(QwenSpecialTokens.EndOfText)!.Value;

    [Fact]
    public void Stops_at_end_of_sequence_with_held_text_released()
    {
        var tracker = new CompletionTracker(model.Tokenizer, new SamplingSettings { MaxTokens = 10 }, [EndOfText]);
        var text = Feed(tracker, "return x;", out var reason);

        var last = tracker.Accept(EndOfText);

        Assert.Null(reason);
        Assert.Equal("return x;", text + last.Text);
        Assert.Equal(FinishReason.Stop, last.FinishReason);
    }

    [Fact]
    public void End_of_sequence_is_an_ordinary_token_when_stopping_there_is_off()
    {
        var sampling = new SamplingSettings { MaxTokens = 10, IgnoreEndOfSequence = true };
        var tracker = new CompletionTracker(model.Tokenizer, sampling, [EndOfText]);

        Assert.Equal(new CompletionStep("", null), tracker.Accept(EndOfText));
    }

    [Fact]
    public void Stops_at_max_tokens_with_the_length_reason()
    {
        var tracker = new CompletionTracker(model.Tokenizer, new SamplingSettings { MaxTokens = 2 }, [EndOfText]);
        var ids = model.Tokenizer.Encode("alpha beta gamma");

        Assert.Null(tracker.Accept(ids[0]).FinishReason);
        Assert.Equal(FinishReason.Length, tracker.Accept(ids[1]).FinishReason);
        Assert.Equal(2, tracker.CompletionTokens);
    }

    [Fact]
    public void Stop_sequences_across_tokens_end_the_completion_before_them()
    {
        var sampling = new SamplingSettings { MaxTokens = 100, Stop = ["\n\ndef"] };
        var tracker = new CompletionTracker(model.Tokenizer, sampling, [EndOfText]);

        var text = Feed(tracker, "    return x\n\ndef next():", out var reason);

        Assert.Equal("    return x", text);
        Assert.Equal(FinishReason.Stop, reason);
    }

    private string Feed(CompletionTracker tracker, string text, out FinishReason? reason)
    {
        var output = "";
        reason = null;
        foreach (var id in model.Tokenizer.Encode(text))
        {
            var step = tracker.Accept(id);
            output += step.Text;
            if (step.FinishReason is { } stop)
            {
                reason = stop;
                break;
            }
        }

        return output;
    }
}
