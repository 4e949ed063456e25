using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>How many drafts a decoding sequence feeds: the full length while they are accepted, fewer as they are not.</summary>
public sealed class SchedulerSpeculationTests
{
    [Fact]
    public void Drafts_shrink_as_the_model_rejects_them_and_grow_back_when_it_accepts_them()
    {
        var scheduler = new Scheduler(new SchedulerOptions
        {
            BlockSize = 4,
            NumBlocks = 64,
            MaxBatchedTokens = 64,
            MaxRunningSequences = 4,
            MaxModelLength = 256,
            SpeculativeTokens = 4,
            PromptLookupMin = 1,
            MinDraftAcceptance = 0, // no cooldown: every decode drafts, only the length changes
        });
        // A repeating prompt, and sampled tokens that keep repeating it, so prompt lookup always finds drafts.
        scheduler.Add(SequenceFactory.Create("edit", [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2], maxTokens: 100));
        var prefill = scheduler.Schedule();
        scheduler.UpdateFromOutput(prefill, new Dictionary<string, SampledToken> { ["edit"] = new SampledToken(3) });

        var lengths = new List<int>();
        (int Token, int Accepted)[] outcomes = [(4, 0), (5, 0), (1, 0), (-1, 1)];
        foreach (var (token, accepted) in outcomes)
        {
            var output = scheduler.Schedule();
            var step = Assert.Single(output.Scheduled);
            lengths.Add(step.NumDraftTokens);
            var next = token >= 0 ? token : step.DraftTokenIds[^1] % 5 + 1; // after an accepted draft, the pattern's next
            scheduler.UpdateFromOutput(output, new Dictionary<string, SampledToken> { ["edit"] = new SampledToken(next, AcceptedDrafts: accepted) });
        }

        lengths.Add(Assert.Single(scheduler.Schedule().Scheduled).NumDraftTokens);
        // Acceptance 1 → 0.5 → 0.25 → 0.125 → 0.5625 (halving towards each step's rate): drafts 4, 2, 1, 1, then 3.
        Assert.Equal([4, 2, 1, 1, 3], lengths);
    }
}
