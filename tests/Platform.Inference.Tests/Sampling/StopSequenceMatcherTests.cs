using Platform.Inference.Sampling;

namespace Platform.Inference.Tests.Sampling;

public sealed class StopSequenceMatcherTests
{
    [Fact]
    public void A_stop_sequence_spanning_pushes_is_found_and_cut_off()
    {
        var matcher = new StopSequenceMatcher(["lo w"]);

        var first = matcher.Push("hel");
        var second = matcher.Push("lo wo");

        Assert.Equal(("he", false), first);
        Assert.Equal(("l", true), second);
    }

    [Fact]
    public void Text_that_cannot_start_a_stop_sequence_is_released_at_once()
    {
        var matcher = new StopSequenceMatcher(["\n\n"]);

        Assert.Equal(("abc", false), matcher.Push("abc"));
        Assert.Equal(("x", false), matcher.Push("x\n"));
        Assert.Equal(("\ny", false), matcher.Push("y"));
    }

    [Fact]
    public void The_earliest_of_several_stop_sequences_wins()
    {
        var matcher = new StopSequenceMatcher(["world", "o w"]);

        Assert.Equal(("hell", true), matcher.Push("hello world"));
    }

    [Fact]
    public void Held_text_is_released_by_flush()
    {
        var matcher = new StopSequenceMatcher(["end"]);

        Assert.Equal(("the ", false), matcher.Push("the en"));
        Assert.Equal("en", matcher.Flush());
    }

    [Fact]
    public void Without_stop_sequences_text_passes_through()
    {
        var matcher = new StopSequenceMatcher([""]);

        Assert.Equal(("anything", false), matcher.Push("anything"));
    }
}
