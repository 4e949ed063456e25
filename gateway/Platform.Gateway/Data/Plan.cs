namespace Platform.Gateway.Data;

/// <summary>What a tenant may use. A limit of 0 means unlimited.</summary>
public sealed class Plan
{
    public const string DefaultId = "default";

    public required string Id { get; init; }
    public required string Name { get; set; }
    public int RequestsPerMinutePerKey { get; set; }
    public int TokensPerMinutePerTenant { get; set; }
    public int ConcurrentRequestsPerKey { get; set; }
    public long MonthlyTokenQuota { get; set; }
    /// <summary>Models keys of this plan may call; empty means every served model.</summary>
    public List<string> AllowedModels { get; set; } = [];
    /// <summary>
    /// What the limits do while Redis is down. Unset: closed when the plan has a monthly quota (money is at stake),
    /// open when it has rate limits only (they protect capacity, and an outage is no time to turn users away).
    /// </summary>
    public LimitFailureMode? LimitFailureMode { get; set; }
    /// <summary>
    /// Priority levels this plan's requests are raised by within their class (0 or 1): ahead of other tenants' requests
    /// of the same kind in the model queue and the worker's batch, never ahead of a more urgent kind.
    /// </summary>
    public int PriorityBoost { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
