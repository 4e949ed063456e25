using Platform.Contracts.Generation;

namespace Platform.Inference;

/// <summary>One prompt to complete, with how to sample it and how the engine schedules it.</summary>
/// <param name="RequestId">Unique id, used for logging and cancellation.</param>
/// <param name="Sampling">The wire's sampling settings, passed through to the sampler unchanged.</param>
public sealed record TextGenerationRequest(string RequestId, string Prompt, SamplingSettings Sampling)
{
    /// <summary>Prefix-cache isolation key (the tenant): requests with different salts never share cached state.</summary>
    public string CacheSalt { get; init; } = "";
    /// <summary>Lower runs first (0 = code completion, 1 = chat).</summary>
    public int Priority { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    /// <summary>False opts out of prompt-lookup speculation (drafts the model rejects cost this request compute).</summary>
    public bool AllowSpeculation { get; init; } = true;
}
