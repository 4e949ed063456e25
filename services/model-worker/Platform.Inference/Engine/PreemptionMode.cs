namespace Platform.Inference.Engine;

/// <summary>What happens to a preempted sequence's KV cache.</summary>
public enum PreemptionMode
{
    /// <summary>Its blocks are freed; it computes its prompt and generated tokens again when readmitted.</summary>
    Recompute,

    /// <summary>
    /// Its blocks are copied to a bounded pool in host memory and copied back when readmitted; when that pool is full,
    /// or the runner keeps no host pool, it recomputes.
    /// </summary>
    Swap,
}
