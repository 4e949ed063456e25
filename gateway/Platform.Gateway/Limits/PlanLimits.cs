using Platform.Gateway.Data;

namespace Platform.Gateway.Limits;

/// <summary>A tenant's plan as the hot path needs it. A limit of 0 means unlimited.</summary>
internal sealed record PlanLimits(
    string PlanId, int RequestsPerMinute, int TokensPerMinute, int ConcurrentRequests, long MonthlyTokenQuota,
    IReadOnlyList<string> AllowedModels, LimitFailureMode? FailureMode = null, int PriorityBoost = 0)
{
    /// <summary>
    /// Whether requests are admitted uncounted while the counters cannot be reached: as the plan says, else closed
    /// with a monthly quota (money) and open with rate limits only (capacity).
    /// </summary>
    public bool FailsOpen => FailureMode switch
    {
        LimitFailureMode.Open => true,
        LimitFailureMode.Closed => false,
        _ => MonthlyTokenQuota == 0,
    };

    public bool AllowsModel(string model) => AllowedModels.Count == 0 || AllowedModels.Contains(model);

    /// <summary>No limit and no quota: nothing to check a request against, and nothing for the counters to keep.</summary>
    public bool IsUnlimited => RequestsPerMinute == 0 && TokensPerMinute == 0 && ConcurrentRequests == 0 && MonthlyTokenQuota == 0;

    /// <summary>Whether an admitted request holds something to give back when it ends: a concurrency slot or a token reservation.</summary>
    public bool HoldsUntilReleased => ConcurrentRequests > 0 || TokensPerMinute > 0 || MonthlyTokenQuota > 0;
}
