using System.Text.Json.Serialization;

namespace Platform.AdminConsole.Gateway;

// The admin API's JSON, as the console reads it. Property names follow the gateway's answers (camelCase, and
// snake_case where the gateway writes requests that way).

public sealed record PlanView
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public int RequestsPerMinutePerKey { get; init; }
    public int TokensPerMinutePerTenant { get; init; }
    public int ConcurrentRequestsPerKey { get; init; }
    public long MonthlyTokenQuota { get; init; }
    public List<string> AllowedModels { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>What the Plans page sends; the gateway validates it and answers with field errors.</summary>
public sealed record PlanChange
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("requests_per_minute_per_key")] public int RequestsPerMinutePerKey { get; init; }
    [JsonPropertyName("tokens_per_minute_per_tenant")] public int TokensPerMinutePerTenant { get; init; }
    [JsonPropertyName("concurrent_requests_per_key")] public int ConcurrentRequestsPerKey { get; init; }
    [JsonPropertyName("monthly_token_quota")] public long MonthlyTokenQuota { get; init; }
    [JsonPropertyName("allowed_models")] public List<string> AllowedModels { get; init; } = [];
}

public sealed record TenantView
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string PlanId { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SuspendedAt { get; init; }
}

public sealed record KeyView
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Prefix { get; init; } = "";
    public List<string> Scopes { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>A newly issued key: <see cref="Key"/> is the secret, which the gateway shows this once.</summary>
public sealed record IssuedKey
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Prefix { get; init; } = "";
    public List<string> Scopes { get; init; } = [];
    public DateTimeOffset? ExpiresAt { get; init; }
    public string Key { get; init; } = "";
}

public sealed record UsageRow(string Key, int Requests, long PromptTokens, long CompletionTokens)
{
    public long Tokens => PromptTokens + CompletionTokens;
}

public sealed record UsageReport(List<UsageRow> Data);

public sealed record SeriesRow(string Day, string Group, int Requests, long PromptTokens, long CompletionTokens)
{
    public long Tokens => PromptTokens + CompletionTokens;
}

public sealed record UsageSeries(List<SeriesRow> Data);

public sealed record AcceptanceRow(string Key, int Views, int Selects, int Dismisses, double? Rate);

public sealed record AcceptanceReport(List<AcceptanceRow> ByLanguage, List<AcceptanceRow> ByDay);

public sealed record TrafficSummary(int Requests, double RequestsPerMinute, double TokensPerMinute, double ErrorRate, double? LatencyP50Ms, double? LatencyP95Ms);

/// <summary>Every public API request in the window, and those refused by authentication (401), permission (403) or a limit (429).</summary>
public sealed record EdgeCounts(long Requests, long Unauthorized, long Forbidden, long RateLimited, long Refused, double RefusalRate, bool Shared);

public sealed record OverviewReport(double WindowMinutes, TrafficSummary Totals, EdgeCounts Edge, int Tenants, int ActiveKeys);

public sealed record FleetModel(string Model, int WaitingAtGateway, TrafficSummary Traffic);

public sealed record FleetReport(double WindowMinutes, List<FleetModel> Models);

public sealed record TenantLimits(PlanView Plan, long MonthTokens, long LastMinuteTokens, int BusiestKeyLastMinuteRequests, DateTimeOffset MeasuredAt);

public sealed record AuditEntryView(long Id, DateTimeOffset At, string Actor, string Action, string Target, string? Detail);

public sealed record AuditPage(int Total, int Page, int PageSize, List<AuditEntryView> Items);

public sealed record AuditFilter(string? Actor, string? Action, string? TenantId, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize);
