namespace Platform.Inference.Import;

public sealed record ModelImportOptions
{
    public ModelImportTarget Target { get; init; } = ModelImportTarget.CpuFloat32;

    /// <summary>KV block size recorded in the paged genai_config.json (GPU target only).</summary>
    public int PagedBlockSize { get; init; } = 256;

    /// <summary>Adds PagedAttention's attention_metadata input (newer ONNX Runtime builds only; GPU target only).</summary>
    public bool PagedAttentionMetadata { get; init; }

    /// <summary>Adds the logits_indices input so prefill computes only sampled rows (this engine only; GPU target only).</summary>
    public bool PagedLogitsIndices { get; init; }

    /// <summary>Weight-only quantisation of the linear layers and the lm_head (CPU target only).</summary>
    public ModelQuantization Quantization { get; init; } = ModelQuantization.None;

    /// <summary>Weights per quantisation scale: a power of two of at least 16.</summary>
    public int QuantizationBlockSize { get; init; } = 32;

    /// <summary>
    /// MatMulNBits accuracy_level: 4 (default) lets the CPU kernel compute with int8 activations, 0 in fp32 from the
    /// dequantised weights (slower, closer to the fp32 model).
    /// </summary>
    public int QuantizationAccuracyLevel { get; init; } = 4;
}
