namespace Platform.Inference.Runners;

/// <summary>The model runners the engine can drive.</summary>
internal enum RunnerKind
{
    /// <summary>The fp32 paged graph (<c>model.paged.onnx</c>) on the CPU: <see cref="PagedModelRunner"/>.</summary>
    CpuPaged,
    /// <summary>The fp16 PagedAttention graph on CUDA: <see cref="CudaPagedModelRunner"/>.</summary>
    CudaPaged,
    /// <summary>The standard past/present graph (<c>model.onnx</c>) on the CPU: <see cref="StandardGraphModelRunner"/>.</summary>
    StandardGraph,
}
