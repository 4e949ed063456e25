using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway;

public sealed class PlanDefaults
{
    [Range(0, int.MaxValue)]
    public int RequestsPerMinutePerKey { get; set; } = 600;

    [Range(0, int.MaxValue)]
    public int TokensPerMinutePerTenant { get; set; } = 1_000_000;

    [Range(0, int.MaxValue)]
    public int ConcurrentRequestsPerKey { get; set; } = 32;

    [Range(0, long.MaxValue)]
    public long MonthlyTokenQuota { get; set; }
}
