namespace Platform.Gateway.Data;

public sealed class Tenant
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string PlanId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Set while the tenant is suspended: its keys are refused (reason in the audit log).</summary>
    public DateTimeOffset? SuspendedAt { get; set; }
    public Plan? Plan { get; set; }
    public List<ApiKey> ApiKeys { get; init; } = [];
}
