namespace Platform.Gateway.Limits;

public enum LimitKind
{
    Requests,
    Tokens,
    Concurrency,
    MonthlyQuota,
}
