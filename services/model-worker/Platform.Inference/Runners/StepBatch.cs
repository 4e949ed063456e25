using Platform.Inference.Engine;

namespace Platform.Inference.Runners;

/// <summary>
/// The padded inputs of one paged-graph run for some rows of a step: fed tokens right-padded to the longest row,
/// past slots right-padded to the longest past (at least one, masked, so no tensor is empty), and the flat indices of
/// the positions whose logits are wanted. Buffers are reused
/// across steps; the Memory slices are exactly the tensor sizes.
/// </summary>
internal sealed class StepBatch
{
    private long[] _ids = [];
    private long[] _positions = [];
    private long[] _mask = [];
    private long[] _pastSlots = [];
    private long[] _logitsIndex = [];

    public int BatchSize { get; private set; }

    public int SequenceLength { get; private set; }

    public int PastLength { get; private set; }

    public Memory<long> InputIds => _ids.AsMemory(0, BatchSize * SequenceLength);

    public Memory<long> PositionIds => _positions.AsMemory(0, BatchSize * SequenceLength);

    public Memory<long> AttentionMask => _mask.AsMemory(0, BatchSize * (PastLength + SequenceLength));

    public Memory<long> PastSlots => _pastSlots.AsMemory(0, BatchSize * PastLength);

    /// <summary>Positions whose logits the graph returns: one per row, or one per logits position of a speculating row.</summary>
    public int NumLogits { get; private set; }

    public Memory<long> LogitsIndex => _logitsIndex.AsMemory(0, NumLogits);

    public void Fill(SchedulerOutput output, List<int> rows)
    {
        var scheduled = output.Scheduled;
        var blockSize = output.BlockSize;
        var (s, p) = (1, 1);
        foreach (var index in rows)
        {
            s = Math.Max(s, scheduled[index].NumTokens);
            p = Math.Max(p, scheduled[index].StartPosition);
        }

        (BatchSize, SequenceLength, PastLength) = (rows.Count, s, p);
        var total = p + s;
        var numLogits = 0;
        foreach (var index in rows)
        {
            numLogits += Math.Max(1, scheduled[index].NumLogits);
        }

        NumLogits = numLogits;
        Ensure(ref _ids, rows.Count * s);
        Ensure(ref _positions, rows.Count * s);
        Ensure(ref _mask, rows.Count * total);
        Ensure(ref _pastSlots, rows.Count * p);
        Ensure(ref _logitsIndex, numLogits);
        var logit = 0;

        for (var r = 0; r < rows.Count; r++)
        {
            var row = scheduled[rows[r]];
            var (start, count) = (row.StartPosition, row.NumTokens);
            var ids = _ids.AsSpan(r * s, s);
            var positions = _positions.AsSpan(r * s, s);
            ids.Clear();
            positions.Clear();
            for (var t = 0; t < count; t++)
            {
                ids[t] = row.TokenIds[t];
                positions[t] = start + t;
            }

            var mask = _mask.AsSpan(r * total, total);
            mask.Clear();
            mask[..start].Fill(1);
            mask.Slice(p, count).Fill(1);

            var pastSlots = _pastSlots.AsSpan(r * p, p);
            pastSlots.Clear();
            var table = row.BlockTable;
            for (var position = 0; position < start; position++)
            {
                pastSlots[position] = ((long)table[position / blockSize] * blockSize) + (position % blockSize);
            }

            // A row that does not sample still yields its last position (unread), so each row has at least one.
            var wanted = Math.Max(1, row.NumLogits);
            for (var j = 0; j < wanted; j++)
            {
                _logitsIndex[logit++] = (r * s) + count - wanted + j;
            }
        }
    }

    private static void Ensure(ref long[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new long[Math.Max(length, buffer.Length * 2)];
        }
    }
}
