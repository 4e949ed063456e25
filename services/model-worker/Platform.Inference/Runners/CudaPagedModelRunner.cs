using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;

namespace Platform.Inference.Runners;

/// <summary>
/// The engine's GPU model runner: the fp16 paged graph (com.microsoft.PagedAttention, ORT GenAI's
/// use_paged_attention=true contract) on the CUDA execution provider. The KV caches are device tensors allocated
/// once and bound through IOBinding as past_key_values.* and present.* alike, so the kernel writes each step's keys
/// and values into the scheduler's blocks in place. A step rebinds only the small inputs from
/// <see cref="PagedAttentionInputs"/>; ORT copies them to the device at bind time. Logits come back to host memory
/// (bound to the CPU allocator): the engine samples on the host, and with the graph's logits_indices input only the
/// sampled rows cross the bus. With preemption by swap, whole KV blocks move between the device caches and a host pool
/// with <c>cudaMemcpy</c> (<see cref="CopyOut"/>, <see cref="CopyIn"/>), between steps, when no kernel is running.
/// </summary>
/// <remarks>
/// Block size: the caches take the engine's (scheduler's) block size. Which sizes the ORT 1.31 CUDA kernel accepts must
/// be checked on the device: older builds wanted multiples of 256, newer accept powers of two of at least 16.
/// </remarks>
internal sealed unsafe class CudaPagedModelRunner : IModelRunner
{
    private static readonly string[] RequiredInputs =
        [PagedGraphNames.InputIds, PagedGraphNames.BlockTable, PagedGraphNames.CumulativeSequenceLengths, PagedGraphNames.PastSequenceLengths];

    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly OrtMemoryInfo _deviceMemory;
    private readonly OrtAllocator _allocator;
    private readonly PagedKvCache _cache;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly PagedAttentionInputs _inputs = new();
    private readonly StepLogits _logits;
    private readonly string _logitsName;
    private readonly bool _hasMetadata;
    private readonly bool _hasLogitsIndices;
    private readonly byte* _hostPool;
    private bool _disposed;

    /// <param name="numHostBlocks">Blocks of the host pool swapped-out KV goes to; 0 keeps none.</param>
    public CudaPagedModelRunner(
        string modelPath, GenAiDecoderConfig decoder, int vocabSize, int numBlocks, int blockSize, CudaProviderSettings settings,
        int numHostBlocks = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numHostBlocks);
        _sessionOptions = CudaSessionOptions.Create(settings);
        try
        {
            _session = new InferenceSession(modelPath, _sessionOptions);
            var missing = RequiredInputs.Where(name => !_session.InputMetadata.ContainsKey(name)).ToList();
            if (missing.Count > 0)
            {
                throw new ArgumentException($"{modelPath} is not a paged fp16 graph: it lacks {string.Join(", ", missing)}.");
            }

            _hasMetadata = _session.InputMetadata.ContainsKey(PagedGraphNames.AttentionMetadata);
            _hasLogitsIndices = _session.InputMetadata.ContainsKey(PagedGraphNames.LogitsIndices);
            _deviceMemory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, settings.DeviceId, OrtMemType.Default);
            _allocator = new OrtAllocator(_session, _deviceMemory);
            _cache = new PagedKvCache(_allocator, decoder.NumHiddenLayers, numBlocks, blockSize, decoder.NumKeyValueHeads, decoder.HeadSize);
            _cache.Zero(_sessionOptions);

            _binding = _session.CreateIoBinding();
            var names = decoder.Names;
            for (var layer = 0; layer < decoder.NumHiddenLayers; layer++)
            {
                _binding.BindInput(names.PastKey(layer), _cache.Key(layer));
                _binding.BindInput(names.PastValue(layer), _cache.Value(layer));
                _binding.BindOutput(names.PresentKey(layer), _cache.Key(layer));
                _binding.BindOutput(names.PresentValue(layer), _cache.Value(layer));
            }

            _logitsName = names.Logits;
            _binding.BindOutputToDevice(_logitsName, OrtMemoryInfo.DefaultInstance);
        }
        catch
        {
            DisposeNative();
            throw;
        }

        VocabSize = vocabSize;
        BlockSize = blockSize;
        NumBlocks = numBlocks;
        _logits = new StepLogits(vocabSize);
        NumHostBlocks = numHostBlocks;
        if (numHostBlocks > 0)
        {
            _hostPool = (byte*)NativeMemory.AlignedAlloc((nuint)numHostBlocks * (nuint)_cache.BlockBytes, 64);
        }
    }

    public int NumHostBlocks { get; }

    public long KvBlockBytes => _cache.BlockBytes;

    private int NumBlocks { get; }

    public void CopyOut(ReadOnlySpan<BlockCopy> copies) => Copy(copies, toHost: true);

    public void CopyIn(ReadOnlySpan<BlockCopy> copies) => Copy(copies, toHost: false);

    /// <summary>One cudaMemcpy per block and cache tensor: a block of a [blocks, block_size, heads, d] cache is contiguous.</summary>
    private void Copy(ReadOnlySpan<BlockCopy> copies, bool toHost)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var tensors = _cache.Tensors;
        var run = _cache.BlockBytesPerTensor;
        foreach (var copy in copies)
        {
            if ((uint)copy.HostBlock >= (uint)NumHostBlocks || (uint)copy.DeviceBlock >= (uint)NumBlocks)
            {
                throw new ArgumentOutOfRangeException(nameof(copies), $"Block copy {copy} is outside the pools.");
            }

            for (var t = 0; t < tensors.Count; t++)
            {
                // The span is never read here: it only carries the device address ORT allocated.
                fixed (byte* cache = tensors[t].GetTensorMutableRawData())
                {
                    var device = cache + (copy.DeviceBlock * run);
                    var host = _hostPool + ((((long)copy.HostBlock * tensors.Count) + t) * run);
                    if (toHost)
                    {
                        CudaMemoryCopy.ToHost(host, device, run);
                    }
                    else
                    {
                        CudaMemoryCopy.ToDevice(device, host, run);
                    }
                }
            }
        }
    }

    public int VocabSize { get; }

    public bool SupportsPrefixCaching => true;

    /// <summary>False: its graph returns the logits of one position per sequence.</summary>
    public bool SupportsSpeculation => false;

    /// <summary>Nothing to do: the KV lives in the scheduler's blocks.</summary>
    public void Free(string requestId)
    {
    }

    public int BlockSize { get; }

    /// <summary>Device bytes of the KV cache (all layers, keys and values).</summary>
    public long KvCacheBytes => _cache.Bytes;

    public StepLogits Execute(SchedulerOutput output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(output);
        if (output.BlockSize != BlockSize)
        {
            throw new ArgumentException($"The scheduler's blocks hold {output.BlockSize} tokens but the KV cache's hold {BlockSize}.", nameof(output));
        }

        _logits.Reset(output);
        if (output.IsEmpty)
        {
            return _logits;
        }

        _inputs.Fill(output);
        var cpu = OrtMemoryInfo.DefaultInstance;
        using var ids = OrtValue.CreateTensorValueFromMemory(cpu, _inputs.InputIds, [_inputs.NumTokens]);
        using var table = OrtValue.CreateTensorValueFromMemory(cpu, _inputs.BlockTable, [_inputs.BatchSize, _inputs.MaxBlocksPerSequence]);
        using var cumulative = OrtValue.CreateTensorValueFromMemory(cpu, _inputs.CumulativeSequenceLengths, [_inputs.BatchSize + 1]);
        using var past = OrtValue.CreateTensorValueFromMemory(cpu, _inputs.PastSequenceLengths, [_inputs.BatchSize]);
        using var metadata = _hasMetadata ? OrtValue.CreateTensorValueFromMemory(cpu, _inputs.AttentionMetadata, [3]) : null;
        using var logitsIndices = _hasLogitsIndices ? OrtValue.CreateTensorValueFromMemory(cpu, _inputs.LogitsIndices, [_inputs.NumLogits]) : null;
        _binding.BindInput(PagedGraphNames.InputIds, ids);
        _binding.BindInput(PagedGraphNames.BlockTable, table);
        _binding.BindInput(PagedGraphNames.CumulativeSequenceLengths, cumulative);
        _binding.BindInput(PagedGraphNames.PastSequenceLengths, past);
        if (metadata is not null)
        {
            _binding.BindInput(PagedGraphNames.AttentionMetadata, metadata);
        }

        if (logitsIndices is not null)
        {
            _binding.BindInput(PagedGraphNames.LogitsIndices, logitsIndices);
        }

        _session.RunWithBinding(_runOptions, _binding);
        using var results = _binding.GetOutputValues();
        var names = _binding.GetOutputNames();
        var logits = results[Array.IndexOf(names, _logitsName)];
        CopySampledRows(output, MemoryMarshal.Cast<Float16, Half>(logits.GetTensorDataAsSpan<Float16>()));
        return _logits;
    }

    /// <summary>fp16 rows to the engine's fp32 rows; rows converted in parallel when a step samples many sequences.</summary>
    private void CopySampledRows(SchedulerOutput output, ReadOnlySpan<Half> logits)
    {
        var scheduled = output.Scheduled;
        var rows = new (int Scheduled, int Source)[_inputs.NumLogits];
        var indices = _inputs.LogitsIndices.Span;
        for (var (i, r) = (0, 0); i < scheduled.Length; i++)
        {
            if (scheduled[i].SamplesNextToken)
            {
                rows[r] = (i, _hasLogitsIndices ? r : (int)indices[r]);
                r++;
            }
        }

        var vocab = VocabSize;
        if (logits.Length < (rows.Length == 0 ? 0 : (rows.Max(x => x.Source) + 1) * vocab))
        {
            throw new InvalidOperationException($"The graph returned {logits.Length / vocab} logits rows; the step needs rows up to {rows.Max(x => x.Source)}.");
        }

        unsafe
        {
            fixed (Half* source = logits)
            {
                var pointer = (nint)source;
                void Convert(int r)
                {
                    var from = new ReadOnlySpan<Half>((Half*)pointer + ((long)rows[r].Source * vocab), vocab);
                    var to = _logits.Writable(rows[r].Scheduled);
                    for (var v = 0; v < vocab; v++)
                    {
                        to[v] = (float)from[v];
                    }
                }

                if ((long)rows.Length * vocab >= 1 << 20)
                {
                    Parallel.For(0, rows.Length, Convert);
                }
                else
                {
                    for (var r = 0; r < rows.Length; r++)
                    {
                        Convert(r);
                    }
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
        DisposeNative();
    }

    private void DisposeNative()
    {
        _binding?.Dispose();
        _cache?.Dispose();
        _allocator?.Dispose();
        _deviceMemory?.Dispose();
        _session?.Dispose();
        _sessionOptions.Dispose();
        _runOptions.Dispose();
        if (_hostPool is not null)
        {
            NativeMemory.AlignedFree(_hostPool);
        }
    }
}
