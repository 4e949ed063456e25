using System.Runtime.InteropServices;

namespace Platform.Inference.Runners;

/// <summary>
/// <c>cudaMemcpy</c> from the CUDA runtime the CUDA execution provider already loads, found when first needed: ONNX
/// Runtime's C# API has no call that copies part of a device tensor, and a swap moves single KV blocks.
/// </summary>
internal static unsafe class CudaMemoryCopy
{
    private const int HostToDevice = 1;
    private const int DeviceToHost = 2;

    // The runtime of the CUDA 13 provider first; older names for builds against CUDA 12.
    private static readonly string[] Libraries = ["libcudart.so.13", "libcudart.so.12", "libcudart.so", "cudart64_13.dll", "cudart64_12.dll"];

    private static readonly Lazy<nint> Memcpy = new(Resolve);

    /// <summary>Copies device memory to host memory; synchronous for pageable host memory.</summary>
    public static void ToHost(void* host, void* device, long bytes) => Copy(host, device, bytes, DeviceToHost);

    /// <summary>Copies host memory to device memory; returns once the host buffer may be reused.</summary>
    public static void ToDevice(void* device, void* host, long bytes) => Copy(device, host, bytes, HostToDevice);

    private static void Copy(void* destination, void* source, long bytes, int kind)
    {
        var memcpy = (delegate* unmanaged<void*, void*, nuint, int, int>)Memcpy.Value;
        var status = memcpy(destination, source, (nuint)bytes, kind);
        if (status != 0)
        {
            throw new InvalidOperationException($"cudaMemcpy of {bytes} bytes failed with CUDA error {status}.");
        }
    }

    private static nint Resolve()
    {
        foreach (var name in Libraries)
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "cudaMemcpy", out var memcpy))
            {
                return memcpy;
            }
        }

        throw new ExecutionProviderUnavailableException(
            "cuda", $"KV swapping needs the CUDA runtime ({string.Join(", ", Libraries)}) and none of them loads", new DllNotFoundException("cudart"));
    }
}
