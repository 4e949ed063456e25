using Platform.Contracts.Generation;

namespace Platform.Inference.Engine;

/// <summary>Where a sequence is in its life; finished sequences hold no KV blocks.</summary>
internal enum SequenceStatus
{
    Waiting,
    Running,
    /// <summary>Evicted from the running set; waits to recompute its prompt and generated tokens.</summary>
    Preempted,
    /// <summary>Evicted from the running set with its KV copied to host blocks; waits to copy it back and go on.</summary>
    Swapped,
    /// <summary>Ended with a <see cref="FinishReason"/>: stopped, at its length, or cancelled.</summary>
    Finished,
    /// <summary>Dropped unrun: its deadline passed before it was first scheduled.</summary>
    Expired,
}
