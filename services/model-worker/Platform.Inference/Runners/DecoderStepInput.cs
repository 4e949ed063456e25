namespace Platform.Inference.Runners;

/// <summary>
/// One forward pass's token inputs, row-major [batch, sequence] (attention mask [batch, past + sequence]).
/// Padded slots have attention mask 0; positions are each sequence's own token positions.
/// </summary>
internal sealed record DecoderStepInput(int BatchSize, int SequenceLength, long[] InputIds, long[] AttentionMask, long[] PositionIds)
{
    public int TotalLength => AttentionMask.Length / BatchSize;

    /// <summary>One unpadded sequence: <paramref name="tokens"/> follow <paramref name="pastLength"/> cached tokens.</summary>
    public static DecoderStepInput Single(ReadOnlySpan<int> tokens, int pastLength)
    {
        var ids = new long[tokens.Length];
        var positions = new long[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            ids[i] = tokens[i];
            positions[i] = pastLength + i;
        }

        var mask = new long[pastLength + tokens.Length];
        Array.Fill(mask, 1L);
        return new DecoderStepInput(1, tokens.Length, ids, mask, positions);
    }
}
