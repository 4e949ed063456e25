namespace Platform.Inference.Runners;

/// <summary>The CUDA execution provider could not be loaded: no GPU build, missing CUDA/cuDNN libraries, or no driver.</summary>
internal sealed class ExecutionProviderUnavailableException(string provider, string detail, Exception inner)
    : InvalidOperationException(
        $"The {provider} execution provider could not be loaded: {detail}. The worker needs the GPU build of ONNX Runtime "
        + "(-p:OnnxRuntimeFlavour=Gpu), CUDA 13 and cuDNN 9 libraries on the library path (LD_LIBRARY_PATH), and an NVIDIA "
        + "driver; or set Worker:Engine:ExecutionProvider=cpu to run on the CPU.", inner)
{
    public string Provider { get; } = provider;
}
