namespace Platform.Gateway.Data;

public sealed class Tenant
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public List<ApiKey> ApiKeys { get; init; } = [];
}
