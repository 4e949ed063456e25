namespace Platform.Inference.Runners;

/// <summary>Settings of the CUDA execution provider for the paged GPU runner.</summary>
/// <param name="DeviceId">CUDA device ordinal.</param>
/// <param name="GpuMemoryLimitBytes">Cap on ORT's CUDA arena (weights' activations and workspaces; the KV cache is allocated outside the arena's growth), 0 for none.</param>
internal sealed record CudaProviderSettings(int DeviceId = 0, long GpuMemoryLimitBytes = 0);
