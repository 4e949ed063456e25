using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Generation;
using Platform.Gateway.Data;

namespace Platform.Gateway.Metering;

/// <summary>
/// Usage through EF Core, for the embedded SQLite store: a lookup of the ids already recorded, then the rest
/// inserted. One writer at a time is all an embedded gateway has, so the lookup cannot race.
/// </summary>
internal sealed class EntityUsageLedger(GatewayDbContext store) : IUsageLedger
{
    public async Task<IReadOnlyList<GenerationUsage>> RecordAsync(IReadOnlyList<GenerationUsage> generations, CancellationToken cancellationToken)
    {
        var ids = generations.Select(completed => completed.GenerationId).ToList();
        var known = await store.UsageRecords.Where(record => ids.Contains(record.GenerationId))
            .Select(record => record.GenerationId).ToListAsync(cancellationToken);
        var fresh = generations.Where(completed => !known.Contains(completed.GenerationId)).ToList();
        if (fresh.Count == 0)
        {
            return [];
        }

        store.UsageRecords.AddRange(fresh.Select(completed => new UsageRecord
        {
            GenerationId = completed.GenerationId,
            TenantId = completed.TenantId,
            ApiKeyId = completed.ApiKeyId,
            Model = completed.Model,
            Endpoint = completed.Endpoint,
            PromptTokens = completed.PromptTokens,
            CompletionTokens = completed.CompletionTokens,
            LatencyMs = completed.WorkerTime.TotalMilliseconds,
            Outcome = completed.Outcome,
            CompletedAt = completed.CompletedAt.ToUniversalTime(), // SQLite compares the stored clock time, so store one offset
        }));
        await store.SaveChangesAsync(cancellationToken);
        return fresh;
    }
}
