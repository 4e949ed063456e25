using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Platform.Inference.Graphs;

namespace Platform.Inference.Runners;

/// <summary>
/// An ONNX Runtime session over the standard past/present decoder graph (ORT GenAI's CPU contract): runs one forward
/// pass. Thread-safe (InferenceSession.Run is); callers own the past KV values they pass in.
/// </summary>
internal sealed class DecoderSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly GenAiDecoderConfig _config;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _feedsPositionIds;

    public DecoderSession(string modelPath, GenAiDecoderConfig config, int vocabSize, int intraOpThreads = 0)
    {
        _config = config;
        VocabSize = vocabSize;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        _session = new InferenceSession(modelPath, options);
        var names = config.Names;
        _feedsPositionIds = _session.InputMetadata.ContainsKey(names.PositionIds);
        var inputs = new List<string> { names.InputIds, names.AttentionMask };
        if (_feedsPositionIds)
        {
            inputs.Add(names.PositionIds);
        }

        var outputs = new List<string> { names.Logits };
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            inputs.Add(names.PastKey(layer));
            inputs.Add(names.PastValue(layer));
            outputs.Add(names.PresentKey(layer));
            outputs.Add(names.PresentValue(layer));
        }

        _inputNames = [.. inputs];
        _outputNames = [.. outputs];
        var pastType = _session.InputMetadata[names.PastKey(0)].ElementDataType;
        if (pastType != TensorElementType.Float)
        {
            throw new NotSupportedException($"KV cache element type {pastType} is not supported yet; only float32 is.");
        }
    }

    public int VocabSize { get; }

    public int LayerCount => _config.NumHiddenLayers;

    /// <summary>Zero-length past tensors [batch, kv_heads, 0, head_size] for a first (prefill) step.</summary>
    public IReadOnlyList<OrtValue> CreateEmptyPast(int batchSize)
    {
        var shape = new long[] { batchSize, _config.NumKeyValueHeads, 0, _config.HeadSize };
        return [.. Enumerable.Range(0, 2 * LayerCount)
            .Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape))];
    }

    /// <param name="past">Per layer key then value, [batch, kv_heads, past, head_size]; not disposed here.</param>
    public DecoderStepOutput Run(DecoderStepInput input, IReadOnlyList<OrtValue> past)
    {
        var tokenShape = new long[] { input.BatchSize, input.SequenceLength };
        var maskShape = new long[] { input.BatchSize, input.TotalLength };
        var owned = new List<OrtValue>(3)
        {
            OrtValue.CreateTensorValueFromMemory(input.InputIds, tokenShape),
            OrtValue.CreateTensorValueFromMemory(input.AttentionMask, maskShape),
        };
        if (_feedsPositionIds)
        {
            owned.Add(OrtValue.CreateTensorValueFromMemory(input.PositionIds, tokenShape));
        }

        try
        {
            var values = new List<OrtValue>(owned.Count + past.Count);
            values.AddRange(owned);
            values.AddRange(past);
            using var runOptions = new RunOptions();
            var outputs = _session.Run(runOptions, _inputNames, values, _outputNames);
            return new DecoderStepOutput(outputs, VocabSize);
        }
        finally
        {
            foreach (var value in owned)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose() => _session.Dispose();
}
