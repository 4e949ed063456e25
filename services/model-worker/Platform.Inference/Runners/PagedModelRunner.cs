using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;

namespace Platform.Inference.Runners;

/// <summary>
/// The engine's CPU model runner over the paged decoder graph (<c>model.paged.onnx</c>). The KV cache lives here as
/// one native slot pool per layer and K/V, [kv_heads, num_slots, head_size] with slot = block * block_size + offset
/// (or [num_slots, kv_heads, head_size] for graphs built before the head-major layout), bound to the graph zero-copy.
/// A step runs every decode row (with or without drafts) as one batch and each longer row
/// (prefill chunks) alone, so decodes never pay for prefill padding; afterwards only the new tokens' K/V are
/// copied into the pool at the scheduler's slot mapping. With preemption by swap it also keeps a host pool of whole
/// blocks (every layer's keys and values of a block side by side) that <see cref="CopyOut"/> and <see cref="CopyIn"/> fill
/// and read.
/// </summary>
internal sealed unsafe class PagedModelRunner : IModelRunner
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly int _layers;
    private readonly int _slotFloats;
    private readonly int _kvHeads;
    private readonly int _headSize;
    private readonly bool _headMajor;
    private readonly long _numSlots;
    private readonly float*[] _pools;
    private readonly OrtValue[] _poolValues;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly StepLogits _logits;
    private readonly List<int> _decodeRows = [];
    private readonly List<int> _singleRow = [0];
    private readonly StepBatch _batch = new();
    private readonly int _blockSize;
    private readonly float* _hostPool;
    private bool _disposed;

    /// <param name="blockSize">Tokens per KV block (the scheduler's); needed only to swap.</param>
    /// <param name="numHostBlocks">Blocks of the host pool swapped-out KV goes to; 0 keeps none.</param>
    public PagedModelRunner(
        string modelPath, GenAiDecoderConfig config, int vocabSize, int numSlots, int intraOpThreads = 0, int blockSize = 1, int numHostBlocks = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numSlots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(numHostBlocks);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        _session = new InferenceSession(modelPath, options);
        if (!_session.InputMetadata.ContainsKey(DecoderGraphBuilder.PastSlotsInput))
        {
            _session.Dispose();
            throw new ArgumentException($"{modelPath} is not a paged decoder graph (it has no '{DecoderGraphBuilder.PastSlotsInput}' input).");
        }

        _layers = config.NumHiddenLayers;
        _kvHeads = config.NumKeyValueHeads;
        _headSize = config.HeadSize;
        _slotFloats = config.NumKeyValueHeads * config.HeadSize;
        // The slot count is the pool's one free dimension; where it stands tells the layout.
        _headMajor = _session.InputMetadata[DecoderGraphBuilder.KeyCache(0)].Dimensions[0] != -1;
        _numSlots = numSlots;
        // Graphs written before speculation sized logits_index by the batch; only the newer ones take any count.
        SupportsSpeculation = _session.InputMetadata[DecoderGraphBuilder.LogitsIndexInput].SymbolicDimensions[0] == DecoderGraphBuilder.NumLogitsDimension;
        VocabSize = vocabSize;
        _logits = new StepLogits(vocabSize);

        List<string> inputs = ["input_ids", "attention_mask", "position_ids", DecoderGraphBuilder.PastSlotsInput, DecoderGraphBuilder.LogitsIndexInput];
        List<string> outputs = ["logits"];
        _pools = new float*[2 * _layers];
        _poolValues = new OrtValue[2 * _layers];
        var shape = _headMajor
            ? new long[] { config.NumKeyValueHeads, numSlots, config.HeadSize }
            : new long[] { numSlots, config.NumKeyValueHeads, config.HeadSize };
        var bytes = (nuint)numSlots * (nuint)_slotFloats * sizeof(float);
        for (var layer = 0; layer < _layers; layer++)
        {
            inputs.Add(DecoderGraphBuilder.KeyCache(layer));
            inputs.Add(DecoderGraphBuilder.ValueCache(layer));
            outputs.Add(DecoderGraphBuilder.NewKey(layer));
            outputs.Add(DecoderGraphBuilder.NewValue(layer));
            for (var kv = 0; kv < 2; kv++)
            {
                // Zeroed: padded past slots are masked out, but a NaN bit pattern would still poison the softmax. Zeroed by
                // the allocator (fresh pages), not by a write, so the pool becomes resident only as blocks fill.
                var pool = (float*)NativeMemory.AllocZeroed(bytes);
                _pools[(2 * layer) + kv] = pool;
                _poolValues[(2 * layer) + kv] = OrtValue.CreateTensorValueWithData(
                    OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape, (IntPtr)pool, (long)bytes);
            }
        }

        _inputNames = [.. inputs];
        _outputNames = [.. outputs];
        _blockSize = blockSize;
        NumHostBlocks = numHostBlocks;
        if (numHostBlocks > 0)
        {
            _hostPool = (float*)NativeMemory.AlignedAlloc((nuint)numHostBlocks * (nuint)KvBlockBytes, 64);
        }
    }

    public int NumHostBlocks { get; }

    public long KvBlockBytes => BytesPerSlot * _blockSize;

    public void CopyOut(ReadOnlySpan<BlockCopy> copies) => Copy(copies, toHost: true);

    public void CopyIn(ReadOnlySpan<BlockCopy> copies) => Copy(copies, toHost: false);

    /// <summary>
    /// Moves whole blocks between the slot pools and the host pool. A block's slots are contiguous per head in the
    /// head-major layout (and altogether in the slot-major one), so each copy is a few memcpy-sized runs.
    /// </summary>
    private void Copy(ReadOnlySpan<BlockCopy> copies, bool toHost)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var blockFloats = (long)_blockSize * _slotFloats;
        var runFloats = _headMajor ? _blockSize * _headSize : (int)blockFloats;
        var runs = _headMajor ? _kvHeads : 1;
        foreach (var copy in copies)
        {
            if ((uint)copy.HostBlock >= (uint)NumHostBlocks || (ulong)(copy.DeviceBlock + 1) * (ulong)_blockSize > (ulong)_numSlots)
            {
                throw new ArgumentOutOfRangeException(nameof(copies), $"Block copy {copy} is outside the pools.");
            }

            for (var pool = 0; pool < _pools.Length; pool++)
            {
                var host = _hostPool + ((((long)copy.HostBlock * _pools.Length) + pool) * blockFloats);
                for (var run = 0; run < runs; run++)
                {
                    var device = _pools[pool] + (_headMajor
                        ? (((long)run * _numSlots) + ((long)copy.DeviceBlock * _blockSize)) * _headSize
                        : (long)copy.DeviceBlock * blockFloats);
                    var hostRun = new Span<float>(host + ((long)run * runFloats), runFloats);
                    var deviceRun = new Span<float>(device, runFloats);
                    (toHost ? deviceRun : hostRun).CopyTo(toHost ? hostRun : deviceRun);
                }
            }
        }
    }

    public int VocabSize { get; }

    public bool SupportsPrefixCaching => true;

    public bool SupportsSpeculation { get; }

    /// <summary>Nothing to do: the KV lives in the scheduler's blocks.</summary>
    public void Free(string requestId)
    {
    }

    /// <summary>Bytes of KV cache per token slot (all layers, keys and values).</summary>
    public long BytesPerSlot => 2L * _layers * _slotFloats * sizeof(float);

    public StepLogits Execute(SchedulerOutput output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _logits.Reset(output);
        var scheduled = output.Scheduled;
        _decodeRows.Clear();
        for (var i = 0; i < scheduled.Length; i++)
        {
            if (IsBatchedDecode(scheduled[i]))
            {
                _decodeRows.Add(i);
            }
        }

        if (_decodeRows.Count > 0)
        {
            RunBatch(output, _decodeRows);
        }

        for (var i = 0; i < scheduled.Length; i++)
        {
            if (!IsBatchedDecode(scheduled[i]))
            {
                _singleRow[0] = i;
                RunBatch(output, _singleRow);
            }
        }

        return _logits;
    }

    /// <summary>
    /// Decodes with and without drafts run as one batch: a run reads every weight once, which costs a CPU more than the
    /// few padded positions drafts add to the other rows.
    /// </summary>
    private static bool IsBatchedDecode(ScheduledSequence step) => step.NumTokens == 1 || step.NumDraftTokens > 0;

    private void RunBatch(SchedulerOutput output, List<int> rows)
    {
        _batch.Fill(output, rows);
        var (b, s, p) = (_batch.BatchSize, _batch.SequenceLength, _batch.PastLength);
        var memory = OrtMemoryInfo.DefaultInstance;
        using var ids = OrtValue.CreateTensorValueFromMemory(memory, _batch.InputIds, [b, s]);
        using var mask = OrtValue.CreateTensorValueFromMemory(memory, _batch.AttentionMask, [b, p + s]);
        using var positions = OrtValue.CreateTensorValueFromMemory(memory, _batch.PositionIds, [b, s]);
        using var pastSlots = OrtValue.CreateTensorValueFromMemory(memory, _batch.PastSlots, [b, p]);
        using var logitsIndex = OrtValue.CreateTensorValueFromMemory(memory, _batch.LogitsIndex, [_batch.NumLogits]);
        var inputs = new OrtValue[_inputNames.Length];
        (inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]) = (ids, mask, positions, pastSlots, logitsIndex);
        Array.Copy(_poolValues, 0, inputs, 5, _poolValues.Length);

        using var results = _session.Run(_runOptions, _inputNames, inputs, _outputNames);
        var logits = results[0].GetTensorDataAsSpan<float>();
        var at = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            var step = output.Scheduled[rows[r]];
            for (var j = 0; j < step.NumLogits; j++)
            {
                logits.Slice((at + j) * VocabSize, VocabSize).CopyTo(_logits.Writable(rows[r], j));
            }

            at += Math.Max(1, step.NumLogits);
        }

        for (var i = 0; i < 2 * _layers; i++)
        {
            WriteNewKv(output, rows, s, results[1 + i].GetTensorDataAsSpan<float>(), _pools[i]);
        }
    }

    /// <summary>Copies each row's fed-token K or V ([batch, seq, kv_heads, d]) into the pool at its slot mapping.</summary>
    private void WriteNewKv(SchedulerOutput output, List<int> rows, int sequenceLength, ReadOnlySpan<float> values, float* pool)
    {
        for (var r = 0; r < rows.Count; r++)
        {
            var slots = output.Scheduled[rows[r]].SlotMapping;
            for (var t = 0; t < slots.Length; t++)
            {
                var slot = slots[t];
                if ((uint)slot >= (ulong)_numSlots)
                {
                    throw new InvalidOperationException($"KV slot {slot} is outside the pool of {_numSlots} slots.");
                }

                var source = values.Slice(((r * sequenceLength) + t) * _slotFloats, _slotFloats);
                if (!_headMajor)
                {
                    source.CopyTo(new Span<float>(pool + ((long)slot * _slotFloats), _slotFloats));
                    continue;
                }

                for (var head = 0; head < _kvHeads; head++)
                {
                    source.Slice(head * _headSize, _headSize)
                        .CopyTo(new Span<float>(pool + ((((long)head * _numSlots) + slot) * _headSize), _headSize));
                }
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var value in _poolValues)
        {
            value.Dispose();
        }

        _session.Dispose();
        _runOptions.Dispose();
        foreach (var pool in _pools)
        {
            NativeMemory.Free(pool);
        }

        if (_hostPool is not null)
        {
            NativeMemory.AlignedFree(_hostPool);
        }
    }
}
