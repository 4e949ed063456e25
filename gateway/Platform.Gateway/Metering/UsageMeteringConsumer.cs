using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Generation;
using Platform.Gateway.Limits;

namespace Platform.Gateway.Metering;

/// <summary>
/// Records usage from workers' <see cref="GenerationUsageRecorded"/> events in batches, on a durable queue shared by
/// every gateway replica: a message is acknowledged only after its batch is committed, so a gateway restart loses
/// nothing, and the generation id as primary key makes redelivery harmless. Newly recorded tokens count against
/// the tenant's monthly quota (<see cref="MonthlySpend"/>: a counter they cannot reach is rebuilt from the ledger).
/// </summary>
internal sealed class UsageMeteringConsumer(IUsageLedger ledger, MonthlySpend spend, ILogger<UsageMeteringConsumer> logger)
    : IConsumer<Batch<GenerationUsageRecorded>>
{
    public const string Queue = "usage-metering";

    /// <summary>Events per database write at most (each carries one or more generations).</summary>
    public const int BatchSize = 32;

    public async Task Consume(ConsumeContext<Batch<GenerationUsageRecorded>> context)
    {
        var generations = context.Message.SelectMany(message => message.Message.Generations)
            .DistinctBy(completed => completed.GenerationId).ToList();
        var fresh = await ledger.RecordAsync(generations, context.CancellationToken);
        foreach (var tenant in fresh.GroupBy(completed => completed.TenantId))
        {
            var tokens = tenant.Sum(completed => (long)completed.PromptTokens + completed.CompletionTokens);
            await spend.AddAsync(tenant.Key, tenant.Max(completed => completed.CompletedAt), tokens);
        }

        logger.LogDebug("Recorded usage of {Count} generations.", fresh.Count);
    }
}
