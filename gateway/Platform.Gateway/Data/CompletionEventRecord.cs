namespace Platform.Gateway.Data;

/// <summary>
/// What an editor reported about a shown completion (view, select, dismiss), kept for the acceptance report by
/// language and day. No code: only ids, the kind, the language and the time.
/// </summary>
public sealed class CompletionEventRecord
{
    public long Id { get; init; }
    public required string TenantId { get; init; }
    public string? ApiKeyId { get; init; }
    public required string CompletionId { get; init; }
    public required string Kind { get; init; }
    public string? Language { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
}
