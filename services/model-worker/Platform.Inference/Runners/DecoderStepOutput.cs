using Microsoft.ML.OnnxRuntime;

namespace Platform.Inference.Runners;

/// <summary>
/// The outputs of one forward pass. Owns the ORT values: the present KV tensors are fed as the next step's past
/// without copying, so dispose this only after that next step has run.
/// </summary>
internal sealed class DecoderStepOutput(IDisposableReadOnlyCollection<OrtValue> outputs, int vocabSize) : IDisposable
{
    /// <summary>Present key/value tensors in graph input order: layer 0 key, layer 0 value, layer 1 key, ...</summary>
    public IReadOnlyList<OrtValue> Present { get; } = [.. outputs.Skip(1)];

    /// <summary>The logits of sequence <paramref name="batchIndex"/> at position <paramref name="position"/> of this step.</summary>
    public ReadOnlySpan<float> Logits(int batchIndex, int position)
    {
        var logits = outputs[0];
        var shape = logits.GetTensorTypeAndShape().Shape;
        var offset = ((batchIndex * shape[1]) + position) * vocabSize;
        return logits.GetTensorDataAsSpan<float>().Slice((int)offset, vocabSize);
    }

    public void Dispose() => outputs.Dispose();
}
