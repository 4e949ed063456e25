namespace Platform.Gateway.Limits;

internal enum LimitKind
{
    Requests,
    Tokens,
    Concurrency,
    MonthlyQuota,
}
