using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;

namespace Platform.Inference.Runners;

/// <summary>
/// The engine's runner over the standard past/present decoder graph (<c>model.onnx</c>: ONNX Runtime GenAI's CPU
/// contract, GroupQueryAttention with past key/values), for model folders without a paged graph. Each sequence keeps
/// its own present KV between steps and runs as a batch of one, because ORT's CPU GroupQueryAttention needs batch 1
/// when a prefill chunk meets a past. The KV lives in ORT tensors, not in the scheduler's blocks, so a prefix-cache hit
/// has nothing to reuse: the engine turns prefix caching off for this runner.
/// </summary>
internal sealed class StandardGraphModelRunner : IModelRunner
{
    private readonly DecoderSession _session;
    private readonly IReadOnlyList<OrtValue> _emptyPast;
    private readonly Dictionary<string, SequenceKv> _kv = new(StringComparer.Ordinal);
    private readonly StepLogits _logits;
    private bool _disposed;

    public StandardGraphModelRunner(string modelPath, GenAiDecoderConfig decoder, int vocabSize, int intraOpThreads = 0)
    {
        _session = new DecoderSession(modelPath, decoder, vocabSize, intraOpThreads);
        _emptyPast = _session.CreateEmptyPast(1);
        _logits = new StepLogits(vocabSize);
    }

    public int VocabSize => _session.VocabSize;

    public bool SupportsPrefixCaching => false;

    /// <summary>False: the KV of rejected drafts would stay in the past it keeps per sequence.</summary>
    public bool SupportsSpeculation => false;

    /// <summary>Sequences whose present KV this runner holds (for tests: finished ones must not linger).</summary>
    internal int NumSequencesHeld => _kv.Count;

    public StepLogits Execute(SchedulerOutput output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var id in output.PreemptedRequestIds)
        {
            Free(id);
        }

        _logits.Reset(output);
        var scheduled = output.Scheduled;
        for (var i = 0; i < scheduled.Length; i++)
        {
            var row = scheduled[i];
            var past = PastOf(row);
            var step = _session.Run(DecoderStepInput.Single(row.TokenIds.AsSpan(), row.StartPosition), past);
            _kv.Remove(row.RequestId, out var previous);
            previous?.Output.Dispose();
            _kv[row.RequestId] = new SequenceKv(step, row.ContextLength);
            if (row.SamplesNextToken)
            {
                step.Logits(0, row.NumTokens - 1).CopyTo(_logits.Writable(i));
            }
        }

        return _logits;
    }

    private IReadOnlyList<OrtValue> PastOf(ScheduledSequence row)
    {
        if (row.StartPosition == 0)
        {
            // A fresh start (admission or recompute after preemption): whatever was held is stale.
            Free(row.RequestId);
            return _emptyPast;
        }

        return _kv.TryGetValue(row.RequestId, out var held) && held.Length == row.StartPosition
            ? held.Output.Present
            : throw new InvalidOperationException(
                $"{row.RequestId} resumes at position {row.StartPosition}, but the standard-graph runner holds "
                + $"{(held is null ? "no" : held.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))} tokens of KV for it; "
                + "it cannot serve prefix-cache hits.");
    }

    public void Free(string requestId)
    {
        if (_kv.Remove(requestId, out var held))
        {
            held.Output.Dispose();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var held in _kv.Values)
        {
            held.Output.Dispose();
        }

        _kv.Clear();
        foreach (var value in _emptyPast)
        {
            value.Dispose();
        }

        _session.Dispose();
    }

    /// <summary>A sequence's present KV and how many tokens it covers.</summary>
    private sealed record SequenceKv(DecoderStepOutput Output, int Length);
}
