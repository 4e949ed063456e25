namespace Platform.Inference.Import;

/// <summary>Which graph an import writes.</summary>
public enum ModelImportTarget
{
    /// <summary>fp32 graph with past/present KV inputs (ONNX Runtime GenAI's CPU contract), run by the CPU runner.</summary>
    CpuFloat32,

    /// <summary>fp16 graph with com.microsoft.PagedAttention (GenAI's use_paged_attention=true contract); CUDA only.</summary>
    GpuPagedFloat16,
}
