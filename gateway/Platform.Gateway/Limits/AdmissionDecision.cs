namespace Platform.Gateway.Limits;

/// <summary>
/// What the counters said: the answer, and the numbers for the <c>x-ratelimit-*</c> headers. With
/// <see cref="MonthlySpendUnknown"/> nothing was decided or counted: the month's quota counter must be rebuilt first.
/// </summary>
internal sealed record AdmissionDecision(
    bool Allowed,
    LimitKind? Exceeded,
    TimeSpan RetryAfter,
    int RequestsRemaining,
    TimeSpan RequestsReset,
    int TokensRemaining,
    TimeSpan TokensReset,
    long TokenWindow,
    bool MonthlySpendUnknown = false);
