namespace Platform.Inference.Graphs;

/// <summary>How a paged graph's KV slot pools are laid out.</summary>
internal enum PagedKvLayout
{
    /// <summary>[kv_heads, num_slots, head_size]: what the project builds.</summary>
    HeadMajor,
    /// <summary>[num_slots, kv_heads, head_size]: graphs built before, which the runner still loads.</summary>
    SlotMajor,
}
