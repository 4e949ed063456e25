namespace Platform.Gateway.Limits;

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

    /// <summary>
    /// Adds metered tokens to the tenant's quota counter for the month of <paramref name="at"/>, if that counter exists.
    /// A missing counter stays missing: the usage ledger, which holds these tokens already, rebuilds it
    /// (<see cref="SeedMonthlyUsageAsync"/>). While a quota's counter is missing, admission answers
    /// <see cref="AdmissionDecision.MonthlySpendUnknown"/> and counts nothing.
    /// </summary>
    Task AddMonthlyUsageAsync(string tenantId, DateTimeOffset at, long tokens);

    /// <summary>Sets the month's counter to <paramref name="spent"/> unless it exists; returns whether it was set.</summary>
    Task<bool> SeedMonthlyUsageAsync(string tenantId, DateTimeOffset at, long spent);

    /// <summary>Drops the month's counter (it missed tokens the ledger has): the next admission rebuilds it.</summary>
    Task ForgetMonthlyUsageAsync(string tenantId, DateTimeOffset at);
}
