using Platform.Inference.Engine;

namespace Platform.Inference.Runners;

/// <summary>
/// The small per-step inputs of the paged fp16 graph, computed from a <see cref="SchedulerOutput"/> with no device
/// code: every scheduled token packed into one row (prefill chunks and decodes alike, in scheduling order), the
/// sequences' boundaries as cumulative query lengths, their cached lengths, their block tables padded to the widest,
/// and which token rows' logits the engine samples. Buffers are reused across steps; the Memory views are exactly the
/// tensor sizes.
/// </summary>
internal sealed class PagedAttentionInputs
{
    /// <summary>
    /// Fills unused block-table cells. A real block id (0) rather than -1, so a kernel that reads a whole table row
    /// ahead of its length check still stays inside the cache; the lengths keep such blocks out of the attention.
    /// </summary>
    public const int BlockTablePadding = 0;

    private long[] _inputIds = [];
    private int[] _cumulative = [0];
    private int[] _past = [];
    private int[] _blockTable = [];
    private long[] _logitsIndices = [];
    private readonly int[] _metadata = new int[3];

    public int NumTokens { get; private set; }

    public int BatchSize { get; private set; }

    /// <summary>Columns of <see cref="BlockTable"/>: the most blocks any scheduled sequence's context needs.</summary>
    public int MaxBlocksPerSequence { get; private set; }

    /// <summary>Sequences that sample this step: the rows of the step's logits, in scheduling order.</summary>
    public int NumLogits { get; private set; }

    /// <summary>input_ids [num_tokens]: the scheduled tokens of every sequence, back to back.</summary>
    public Memory<long> InputIds => _inputIds.AsMemory(0, NumTokens);

    /// <summary>cumulative_sequence_lengths [batch + 1]: 0, then the running total of each sequence's new tokens.</summary>
    public Memory<int> CumulativeSequenceLengths => _cumulative.AsMemory(0, BatchSize + 1);

    /// <summary>past_sequence_lengths [batch]: tokens already in each sequence's KV cache (its start position).</summary>
    public Memory<int> PastSequenceLengths => _past.AsMemory(0, BatchSize);

    /// <summary>block_table [batch, max_blocks], row-major, padded with <see cref="BlockTablePadding"/>.</summary>
    public Memory<int> BlockTable => _blockTable.AsMemory(0, BatchSize * MaxBlocksPerSequence);

    /// <summary>
    /// The packed-token index whose logits each sampling sequence needs (its last fed token), in scheduling order:
    /// the logits_indices input where the graph has one, else the rows to read out of the full logits.
    /// </summary>
    public Memory<long> LogitsIndices => _logitsIndices.AsMemory(0, NumLogits);

    /// <summary>
    /// attention_metadata [3] (host side): [max new tokens of a sequence, max context length, min context length],
    /// context = past + new. The layout follows the op's schema as we read it; confirm it on the device.
    /// </summary>
    public Memory<int> AttentionMetadata => _metadata.AsMemory();

    public void Fill(SchedulerOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var scheduled = output.Scheduled;
        var blockSize = output.BlockSize;
        var (tokens, widest, sampling) = (0, 0, 0);
        var (maxQuery, maxContext, minContext) = (0, 0, int.MaxValue);
        foreach (var row in scheduled)
        {
            if (row.NumTokens == 0)
            {
                throw new ArgumentException($"Sequence {row.RequestId} is scheduled with no tokens.", nameof(output));
            }

            var blocks = (row.ContextLength + blockSize - 1) / blockSize;
            if (row.BlockTable.Length < blocks)
            {
                throw new ArgumentException(
                    $"Sequence {row.RequestId} covers {row.ContextLength} tokens with {row.BlockTable.Length} blocks of {blockSize}.", nameof(output));
            }

            tokens += row.NumTokens;
            widest = Math.Max(widest, blocks);
            sampling += row.SamplesNextToken ? 1 : 0;
            maxQuery = Math.Max(maxQuery, row.NumTokens);
            maxContext = Math.Max(maxContext, row.ContextLength);
            minContext = Math.Min(minContext, row.ContextLength);
        }

        (NumTokens, BatchSize, MaxBlocksPerSequence, NumLogits) = (tokens, scheduled.Length, Math.Max(widest, 1), sampling);
        Ensure(ref _inputIds, tokens);
        Ensure(ref _cumulative, scheduled.Length + 1);
        Ensure(ref _past, scheduled.Length);
        Ensure(ref _blockTable, scheduled.Length * MaxBlocksPerSequence);
        Ensure(ref _logitsIndices, sampling);
        (_metadata[0], _metadata[1], _metadata[2]) = (maxQuery, maxContext, scheduled.IsEmpty ? 0 : minContext);

        var (offset, logit) = (0, 0);
        _cumulative[0] = 0;
        for (var i = 0; i < scheduled.Length; i++)
        {
            var row = scheduled[i];
            for (var t = 0; t < row.NumTokens; t++)
            {
                _inputIds[offset + t] = row.TokenIds[t];
            }

            offset += row.NumTokens;
            _cumulative[i + 1] = offset;
            _past[i] = row.StartPosition;
            var table = _blockTable.AsSpan(i * MaxBlocksPerSequence, MaxBlocksPerSequence);
            var used = (row.ContextLength + blockSize - 1) / blockSize;
            for (var b = 0; b < used; b++)
            {
                table[b] = row.BlockTable[b];
            }

            table[used..].Clear(); // BlockTablePadding
            if (row.SamplesNextToken)
            {
                _logitsIndices[logit++] = offset - 1;
            }
        }
    }

    private static void Ensure<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[Math.Max(length, buffer.Length * 2)];
        }
    }
}
