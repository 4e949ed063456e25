using Platform.Inference.Engine;
using Platform.Inference.Graphs;

namespace Platform.Inference.Runners;

/// <summary>Which runner a model folder gets, which graph it loads, and how wide its KV cache elements are.</summary>
internal sealed record RunnerPlan(RunnerKind Kind, string GraphPath, int BytesPerKvElement)
{
    /// <summary>KV blocks that fit <see cref="EngineOptions.KvCacheMemoryBytes"/>.</summary>
    public int BlocksFor(GenAiDecoderConfig decoder, EngineOptions options)
    {
        var bytesPerSlot = 2L * decoder.NumHiddenLayers * decoder.NumKeyValueHeads * decoder.HeadSize * BytesPerKvElement;
        return (int)Math.Clamp(options.KvCacheMemoryBytes / (bytesPerSlot * options.BlockSize), 1, int.MaxValue / options.BlockSize);
    }
}
