namespace Platform.Inference.Engine;

/// <summary>
/// What the engine can take on now, for a host that pulls work from a queue: pull at most
/// <see cref="FreeBatchSlots"/> requests, and none while <see cref="CanAcceptRequests"/> is false, so the queue's
/// depth stays an honest backlog.
/// </summary>
/// <param name="FreeBatchSlots">Batch slots not taken by running, waiting or just-added requests.</param>
/// <param name="FreeKvBlocks">KV blocks no live sequence holds (prefix-cached free blocks count as free).</param>
internal readonly record struct EngineCapacity(int FreeBatchSlots, int FreeKvBlocks, int TotalKvBlocks)
{
    public bool CanAcceptRequests => FreeBatchSlots > 0 && FreeKvBlocks > 0;
}
