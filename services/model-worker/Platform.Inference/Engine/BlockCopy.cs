namespace Platform.Inference.Engine;

/// <summary>One KV block moved between the device pool and the host (swap) pool.</summary>
/// <param name="DeviceBlock">Block id in the scheduler's (device) pool.</param>
/// <param name="HostBlock">Block id in the runner's host pool.</param>
internal readonly record struct BlockCopy(int DeviceBlock, int HostBlock);
