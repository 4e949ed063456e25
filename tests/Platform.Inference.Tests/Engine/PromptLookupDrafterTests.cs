using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

public sealed class PromptLookupDrafterTests
{
    [Fact]
    public void The_longest_matching_tail_ngram_proposes_what_followed_its_latest_occurrence()
    {
        // Tail (7, 8, 9) occurs at 1 and at 6; the later one is followed by 4, 5.
        int[] tokens = [0, 7, 8, 9, 1, 2, 7, 8, 9, 4, 5, 3, 8, 9, 7, 8, 9];
        var drafts = new int[3];

        Assert.Equal(3, PromptLookupDrafter.Propose(tokens, 1, 3, drafts));
        Assert.Equal([4, 5, 3], drafts);
    }

    [Fact]
    public void Shorter_ngrams_are_tried_only_down_to_the_minimum()
    {
        int[] tokens = [5, 6, 1, 2, 9, 6];
        var drafts = new int[2];

        Assert.Equal(0, PromptLookupDrafter.Propose(tokens, 2, 3, drafts));
        Assert.Equal(2, PromptLookupDrafter.Propose(tokens, 1, 3, drafts));
        Assert.Equal([1, 2], drafts);
    }

    [Fact]
    public void Drafts_stop_at_the_end_of_the_sequence()
    {
        int[] tokens = [3, 4, 3, 4];
        var drafts = new int[5];

        // (3, 4) matched at 0 is followed only by the tail itself.
        Assert.Equal(2, PromptLookupDrafter.Propose(tokens, 2, 2, drafts));
        Assert.Equal([3, 4], drafts[..2]);
    }
}
