using Microsoft.ML.OnnxRuntime;

namespace Platform.Inference.Runners;

/// <summary>Session options that put the graph on the CUDA execution provider.</summary>
internal static class CudaSessionOptions
{
    /// <exception cref="ExecutionProviderUnavailableException">ONNX Runtime cannot load its CUDA provider here.</exception>
    public static SessionOptions Create(CudaProviderSettings settings)
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        try
        {
            using var cuda = new OrtCUDAProviderOptions();
            var values = new Dictionary<string, string>
            {
                ["device_id"] = settings.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // Grow by what is asked: the arena holds activations whose size swings with the step's token count.
                ["arena_extend_strategy"] = "kSameAsRequested",
                // One stream for copies and kernels: a bound input's host-to-device copy is ordered before the run.
                ["do_copy_in_default_stream"] = "1",
                // The graph has no convolutions; skip cuDNN's exhaustive search at first run.
                ["cudnn_conv_algo_search"] = "HEURISTIC",
            };
            if (settings.GpuMemoryLimitBytes > 0)
            {
                values["gpu_mem_limit"] = settings.GpuMemoryLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            cuda.UpdateOptions(values);
            options.AppendExecutionProvider_CUDA(cuda);
            return options;
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            options.Dispose();
            throw new ExecutionProviderUnavailableException("CUDA", FirstLine(e.Message), e);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.', ' ', '\r');
    }
}
