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
}
