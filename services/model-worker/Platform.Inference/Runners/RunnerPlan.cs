using Platform.Inference.Engine;
using Platform.Inference.Graphs;

namespace Platform.Inference.Runners;

/// <summary>Which runner a model folder gets, which graph it loads, and how wide its KV cache elements are.</summary>
internal sealed record RunnerPlan(RunnerKind Kind, string GraphPath, int BytesPerKvElement)
{
    /// <summary>KV blocks that fit <see cref="EngineOptions.KvCacheMemoryBytes"/>.</summary>
    public int BlocksFor(GenAiDecoderConfig decoder, EngineOptions options) =>
        (int)Math.Clamp(options.KvCacheMemoryBytes / BlockBytes(decoder, options), 1, int.MaxValue / options.BlockSize);

    /// <summary>
    /// Host blocks of the swap pool: what <see cref="EngineOptions.SwapSpaceBytes"/> holds with preemption by swap on a
    /// runner that keeps its KV in the scheduler's blocks; none otherwise.
    /// </summary>
    public int HostBlocksFor(GenAiDecoderConfig decoder, EngineOptions options) =>
        options.PreemptionMode != PreemptionMode.Swap || Kind == RunnerKind.StandardGraph
            ? 0
            : (int)Math.Clamp(options.SwapSpaceBytes / BlockBytes(decoder, options), 0, int.MaxValue / options.BlockSize);

    private long BlockBytes(GenAiDecoderConfig decoder, EngineOptions options) =>
        2L * decoder.NumHiddenLayers * decoder.NumKeyValueHeads * decoder.HeadSize * BytesPerKvElement * options.BlockSize;
}
