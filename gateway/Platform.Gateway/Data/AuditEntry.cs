namespace Platform.Gateway.Data;

/// <summary>An administrative action: who did what to which object. Never holds secrets.</summary>
public sealed class AuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public string? Detail { get; init; }
}
