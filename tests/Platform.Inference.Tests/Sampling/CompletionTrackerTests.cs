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
        var flushed = tracker.Finish(FinishReason.Stop);

        Assert.Null(reason);
        Assert.Equal("return x;", text + last.Text + flushed.Text);
        Assert.Equal(FinishReason.Stop, last.FinishReason);
        Assert.Equal(FinishReason.Stop, flushed.FinishReason);
    }

    [Fact]
    public void A_stop_token_id_ends_the_completion_and_adds_no_text()
    {
        var stopId = model.Tokenizer.Encode(";")[0];
        var tracker = new CompletionTracker(model.Tokenizer, new SamplingSettings { MaxTokens = 10, StopTokenIds = [stopId] }, [EndOfText]);

        Assert.Equal(new CompletionStep("", FinishReason.Stop, IsEndToken: true), tracker.Accept(stopId));
    }

    [Fact]
    public void End_of_sequence_is_an_ordinary_token_when_stopping_there_is_off()
    {
        var sampling = new SamplingSettings { MaxTokens = 10, IgnoreEndOfSequence = true };
        var tracker = new CompletionTracker(model.Tokenizer, sampling, [EndOfText]);

        Assert.Equal(new CompletionStep("", null), tracker.Accept(EndOfText));
    }

    [Fact]
    public void Leaves_the_length_stop_to_the_engine_and_releases_held_text_with_its_reason()
    {
        var sampling = new SamplingSettings { MaxTokens = 2, Stop = ["\n\ndef"] };
        var tracker = new CompletionTracker(model.Tokenizer, sampling, [EndOfText]);
        var ids = model.Tokenizer.Encode("alpha beta gamma\n\n");

        var steps = ids.Select(tracker.Accept).ToList();
        var last = tracker.Finish(FinishReason.Length);

        Assert.Equal(ids.Count, tracker.CompletionTokens);
        Assert.All(steps, step => Assert.Null(step.FinishReason));
        Assert.Equal("alpha beta gamma", string.Concat(steps.Select(step => step.Text)));
        Assert.Equal(new CompletionStep("\n\n", FinishReason.Length), last);
    }

    [Fact]
    public void Nothing_after_a_stop_sequence_is_released_at_the_finish()
    {
        var sampling = new SamplingSettings { MaxTokens = 100, Stop = ["\n\ndef"] };
        var tracker = new CompletionTracker(model.Tokenizer, sampling, [EndOfText]);
        Feed(tracker, "    return x\n\ndef next():", out _);

        Assert.Equal(new CompletionStep("", FinishReason.Stop), tracker.Finish(FinishReason.Stop));
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
