namespace Platform.Gateway.Limits;

/// <summary>A tenant's plan as the hot path needs it. A limit of 0 means unlimited.</summary>
public sealed record PlanLimits(
    string PlanId, int RequestsPerMinute, int TokensPerMinute, int ConcurrentRequests, long MonthlyTokenQuota,
    IReadOnlyList<string> AllowedModels)
{
    public bool AllowsModel(string model) => AllowedModels.Count == 0 || AllowedModels.Contains(model);

    /// <summary>No limit and no quota: nothing to check a request against, and nothing for the counters to keep.</summary>
    public bool IsUnlimited => RequestsPerMinute == 0 && TokensPerMinute == 0 && ConcurrentRequests == 0 && MonthlyTokenQuota == 0;

    /// <summary>Whether an admitted request holds something to give back when it ends: a concurrency slot or a token reservation.</summary>
    public bool HoldsUntilReleased => ConcurrentRequests > 0 || TokensPerMinute > 0;
}

public enum LimitKind
{
    Requests,
    Tokens,
    Concurrency,
    MonthlyQuota,
}

/// <summary>One request asking to start: whose, how many tokens it may cost, under which plan.</summary>
internal sealed record AdmissionRequest(string TenantId, string KeyId, string RequestId, int ReservedTokens, PlanLimits Limits);

/// <summary>What the counters said: the answer, and the numbers for the <c>x-ratelimit-*</c> headers.</summary>
internal sealed record AdmissionDecision(
    bool Allowed,
    LimitKind? Exceeded,
    TimeSpan RetryAfter,
    int RequestsRemaining,
    TimeSpan RequestsReset,
    int TokensRemaining,
    TimeSpan TokensReset,
    long TokenWindow);

/// <summary>The counters behind the limits: Redis across replicas, or in-process for the embedded topology.</summary>
internal interface ILimitStore
{
    /// <summary>
    /// Checks every limit and, only when all pass, counts the request in all of them at once. A limit of 0 is not
    /// counted at all: an unlimited key keeps no request log, holds no slot and reserves no tokens, so a limit set later
    /// starts counting from then.
    /// </summary>
    Task<AdmissionDecision> AdmitAsync(AdmissionRequest request, DateTimeOffset now);

    /// <summary>Frees the concurrency slot and corrects the token reservation to what was actually used.</summary>
    Task ReleaseAsync(AdmissionRequest request, long tokenWindow, int actualTokens);

    /// <summary>Adds metered tokens to the tenant's quota counter for the month of <paramref name="at"/>.</summary>
    Task AddMonthlyUsageAsync(string tenantId, DateTimeOffset at, long tokens);
}

internal static class LimitWindows
{
    public const long MinuteMs = 60_000;

    /// <summary>How long a concurrency slot lives if its holder vanishes without releasing it.</summary>
    public static readonly TimeSpan ConcurrencyLease = TimeSpan.FromMinutes(10);

    public static long WindowStart(long nowMs) => nowMs - nowMs % MinuteMs;

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    public static TimeSpan UntilNextMonth(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var next = new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        return next - utc;
    }
}
