namespace Platform.Inference.Graphs;

/// <summary>
/// Weight-only block quantisation of the linear layers to ONNX Runtime's <c>com.microsoft.MatMulNBits</c>: each run of
/// <see cref="BlockSize"/> weights along the input dimension gets one fp32 scale; activations stay fp32.
/// </summary>
/// <param name="Bits">4 or 8.</param>
/// <param name="BlockSize">Weights per scale: a power of two of at least 16 (the operator's rule).</param>
/// <param name="AccuracyLevel">
/// The operator's accuracy_level: 0 computes in fp32 from dequantised weights; 4 lets the CPU kernel quantise activations
/// to int8 per block and use integer dot products, which is how ONNX Runtime GenAI builds its CPU int4 models.
/// </param>
internal sealed record WeightQuantization(int Bits, int BlockSize = WeightQuantization.DefaultBlockSize, int AccuracyLevel = WeightQuantization.IntegerAccuracyLevel)
{
    public const int DefaultBlockSize = 32;
    public const int IntegerAccuracyLevel = 4;

    /// <summary>Problems with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Bits is not (4 or 8))
        {
            errors.Add($"Quantisation takes 4 or 8 bits, not {Bits}.");
        }

        if (BlockSize < 16 || (BlockSize & (BlockSize - 1)) != 0)
        {
            errors.Add($"The quantisation block size must be a power of two of at least 16, not {BlockSize}.");
        }

        if (AccuracyLevel is < 0 or > 4)
        {
            errors.Add($"accuracy_level must be between 0 and 4, not {AccuracyLevel}.");
        }

        return errors;
    }
}
