using Microsoft.ML.OnnxRuntime;

namespace Platform.Inference.Runtime;

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
