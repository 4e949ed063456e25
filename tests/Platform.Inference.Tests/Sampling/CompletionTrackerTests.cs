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
        var tracker = new CompletionTracker(model.Tokenizer, new SamplingParams { MaxTokens = 10 }, [EndOfText]);
        var text = Feed(tracker, "return x;", out var reason);

        var last = tracker.Accept(EndOfText);

        Assert.Null(reason);
        Assert.Equal("return x;", text + last.Text);
        Assert.Equal(StopReason.Stop, last.StopReason);
    }

    [Fact]
    public void End_of_sequence_is_an_ordinary_token_when_stopping_there_is_off()
    {
        var sampling = new SamplingParams { MaxTokens = 10, StopAtEndOfSequence = false };
        var tracker = new CompletionTracker(model.Tokenizer, sampling, [EndOfText]);

        Assert.Equal(new CompletionStep("", null), tracker.Accept(EndOfText));
    }

    [Fact]
    public void Stops_at_max_tokens_with_the_length_reason()
    {
        var tracker = new CompletionTracker(model.Tokenizer, new SamplingParams { MaxTokens = 2 }, [EndOfText]);
        var ids = model.Tokenizer.Encode("alpha beta gamma");

        Assert.Null(tracker.Accept(ids[0]).StopReason);
        Assert.Equal(StopReason.Length, tracker.Accept(ids[1]).StopReason);
        Assert.Equal(2, tracker.CompletionTokens);
    }

    [Fact]
    public void Stop_sequences_across_tokens_end_the_completion_before_them()
    {
        var sampling = new SamplingParams { MaxTokens = 100, StopSequences = ["\n\ndef"] };
        var tracker = new CompletionTracker(model.Tokenizer, sampling, [EndOfText]);

        var text = Feed(tracker, "    return x\n\ndef next():", out var reason);

        Assert.Equal("    return x", text);
        Assert.Equal(StopReason.Stop, reason);
    }

    private string Feed(CompletionTracker tracker, string text, out StopReason? reason)
    {
        var output = "";
        reason = null;
        foreach (var id in model.Tokenizer.Encode(text))
        {
            var step = tracker.Accept(id);
            output += step.Text;
            if (step.StopReason is { } stop)
            {
                reason = stop;
                break;
            }
        }

        return output;
    }
}
