using System.Text.Json.Serialization;

namespace Platform.Gateway.Benchmarks;

/// <summary>
/// What this process (load driver and every host) spent over a run: CPU, allocations and garbage collection. Long
/// GC pauses are the usual cause of a latency tail that CPU headroom does not explain.
/// </summary>
internal readonly record struct ProcessCost(
    [property: JsonPropertyName("cpu_ms")] double CpuMs,
    [property: JsonPropertyName("allocated_mb")] double AllocatedMb,
    [property: JsonPropertyName("gc_pause_ms")] double GcPauseMs,
    [property: JsonPropertyName("gen0_collections")] int Gen0,
    [property: JsonPropertyName("gen1_collections")] int Gen1,
    [property: JsonPropertyName("gen2_collections")] int Gen2)
{
    public static ProcessCost Now() => new(
        Environment.CpuUsage.TotalTime.TotalMilliseconds,
        GC.GetTotalAllocatedBytes() / 1_048_576.0,
        GC.GetTotalPauseDuration().TotalMilliseconds,
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2));

    public ProcessCost Since(ProcessCost start) => new(
        Math.Round(CpuMs - start.CpuMs, 1),
        Math.Round(AllocatedMb - start.AllocatedMb, 1),
        Math.Round(GcPauseMs - start.GcPauseMs, 1),
        Gen0 - start.Gen0,
        Gen1 - start.Gen1,
        Gen2 - start.Gen2);
}
