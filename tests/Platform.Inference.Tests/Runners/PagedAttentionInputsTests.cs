using System.Collections.Immutable;
using Platform.Inference.Engine;
using Platform.Inference.Runners;
using Platform.Inference.Tests.Engine;

namespace Platform.Inference.Tests.Runners;

public sealed class PagedAttentionInputsTests
{
    private const int BlockSize = 4;

    /// <summary>
    /// A step as the scheduler hands it out: a middle prefill chunk (no logits), a decode, a final prefill chunk whose
    /// table holds a block more than its context needs, and a decode in its first block.
    /// </summary>
    private static SchedulerOutput MixedStep() => Output(
        Row("a", [10, 11, 12, 13, 14], start: 0, table: [7, 3], samples: false),
        Row("b", [20], start: 9, table: [1, 2, 5], samples: true, decode: true),
        Row("c", [30, 31, 32], start: 4, table: [8, 9, 6], samples: true),
        Row("d", [40], start: 3, table: [4], samples: true, decode: true));

    [Fact]
    public void Mixed_prefill_chunks_and_decodes_are_packed_in_scheduling_order()
    {
        var inputs = new PagedAttentionInputs();

        inputs.Fill(MixedStep());

        Assert.Equal([10L, 11, 12, 13, 14, 20, 30, 31, 32, 40], inputs.InputIds.ToArray());
        Assert.Equal([0, 5, 6, 9, 10], inputs.CumulativeSequenceLengths.ToArray());
        Assert.Equal([0, 9, 4, 3], inputs.PastSequenceLengths.ToArray());
        Assert.Equal((10, 4), (inputs.NumTokens, inputs.BatchSize));
    }

    [Fact]
    public void Block_tables_are_cut_to_the_context_and_padded_to_the_widest()
    {
        var inputs = new PagedAttentionInputs();

        inputs.Fill(MixedStep());

        // Contexts 5, 10, 7, 4 tokens in blocks of 4 need 2, 3, 2, 1 blocks.
        Assert.Equal(3, inputs.MaxBlocksPerSequence);
        Assert.Equal([7, 3, 0, 1, 2, 5, 8, 9, 0, 4, 0, 0], inputs.BlockTable.ToArray());
    }

    [Fact]
    public void Logits_rows_are_the_last_token_of_each_sequence_that_samples()
    {
        var inputs = new PagedAttentionInputs();

        inputs.Fill(MixedStep());

        Assert.Equal(3, inputs.NumLogits);
        Assert.Equal([5L, 8, 9], inputs.LogitsIndices.ToArray());
    }

    [Fact]
    public void Attention_metadata_holds_the_longest_query_and_the_context_extremes()
    {
        var inputs = new PagedAttentionInputs();

        inputs.Fill(MixedStep());

        Assert.Equal([5, 10, 4], inputs.AttentionMetadata.ToArray());
    }

    [Fact]
    public void A_smaller_step_after_a_larger_one_sees_only_its_own_values()
    {
        var inputs = new PagedAttentionInputs();
        inputs.Fill(MixedStep());

        inputs.Fill(Output(Row("b", [21], start: 10, table: [1, 2, 5], samples: true, decode: true)));

        Assert.Equal([21L], inputs.InputIds.ToArray());
        Assert.Equal([0, 1], inputs.CumulativeSequenceLengths.ToArray());
        Assert.Equal([10], inputs.PastSequenceLengths.ToArray());
        Assert.Equal([1, 2, 5], inputs.BlockTable.ToArray());
        Assert.Equal([0L], inputs.LogitsIndices.ToArray());
    }

    [Fact]
    public void A_block_table_shorter_than_the_context_is_refused()
    {
        var inputs = new PagedAttentionInputs();

        var error = Assert.Throws<ArgumentException>(() => inputs.Fill(Output(Row("x", [1, 2], start: 4, table: [3], samples: true))));

        Assert.Contains("covers 6 tokens with 1 blocks of 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scheduler_output_drives_the_inputs_across_chunked_prefill_and_decode()
    {
        var scheduler = new Scheduler(new SchedulerOptions { BlockSize = BlockSize, NumBlocks = 64, MaxBatchedTokens = 8, MaxRunningSequences = 8, MaxModelLength = 64 });
        scheduler.Add(new Sequence("long", Enumerable.Range(100, 11), SequenceFactory.Sampling(4)));
        scheduler.Add(new Sequence("short", [200, 201, 202], SequenceFactory.Sampling(4)));
        var inputs = new PagedAttentionInputs();
        var steps = new List<(int[] Cumulative, int[] Past, long[] Logits)>();

        for (var step = 0; step < 3; step++)
        {
            var output = scheduler.Schedule();
            inputs.Fill(output);
            steps.Add((inputs.CumulativeSequenceLengths.ToArray(), inputs.PastSequenceLengths.ToArray(), inputs.LogitsIndices.ToArray()));
            var sampled = output.Scheduled.Where(s => s.SamplesNextToken)
                .ToDictionary(s => s.RequestId, _ => new SampledToken(5), StringComparer.Ordinal);
            scheduler.UpdateFromOutput(output, sampled);
        }

        // Budget 8: the long prompt's first chunk alone; then its last 3 tokens and the whole short prompt; then both decode.
        Assert.Equal(([0, 8], [0], Array.Empty<long>()), (steps[0].Cumulative, steps[0].Past, steps[0].Logits), new StepComparer());
        Assert.Equal(([0, 3, 6], [8, 0], [2L, 5]), (steps[1].Cumulative, steps[1].Past, steps[1].Logits), new StepComparer());
        Assert.Equal(([0, 1, 2], [11, 3], [0L, 1]), (steps[2].Cumulative, steps[2].Past, steps[2].Logits), new StepComparer());
    }

    private sealed class StepComparer : IEqualityComparer<(int[], int[], long[])>
    {
        public bool Equals((int[], int[], long[]) x, (int[], int[], long[]) y) =>
            x.Item1.SequenceEqual(y.Item1) && x.Item2.SequenceEqual(y.Item2) && x.Item3.SequenceEqual(y.Item3);

        public int GetHashCode((int[], int[], long[]) obj) => 0;
    }

    private static SchedulerOutput Output(params ScheduledSequence[] rows) => new([.. rows], [], [], BlockSize);

    private static ScheduledSequence Row(string id, int[] tokens, int start, int[] table, bool samples, bool decode = false)
    {
        var slots = Enumerable.Range(start, tokens.Length).Select(p => (table.ElementAtOrDefault(p / BlockSize) * BlockSize) + (p % BlockSize)).ToImmutableArray();
        return new ScheduledSequence(id, [.. tokens], start, [.. table], slots, samples, decode);
    }
}
