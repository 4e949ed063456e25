using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Generation;
using Platform.Gateway.Data;

namespace Platform.Gateway.Metering;

/// <summary>
/// One statement per batch: the events travel as ten column arrays, are unnested into rows, and
/// <c>ON CONFLICT DO NOTHING RETURNING</c> both skips generations already recorded and says which rows are new, in one
/// round trip and without change tracking. Against EF Core's per-row inserts (an entity, an entry, a snapshot, a
/// command and ten parameters per row, all alive until the batch commits), this is what keeps metering off the hot
/// path's garbage collections.
/// </summary>
internal sealed class PostgresUsageLedger(GatewayDbContext store) : IUsageLedger
{
    private const string Insert = """
        INSERT INTO usage_records ("GenerationId", "TenantId", "ApiKeyId", "Model", "Endpoint", "PromptTokens", "CompletionTokens", "LatencyMs", "Outcome", "CompletedAt")
        SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT ("GenerationId") DO NOTHING
        RETURNING "GenerationId"
        """;

    public async Task<IReadOnlyList<GenerationUsage>> RecordAsync(IReadOnlyList<GenerationUsage> generations, CancellationToken cancellationToken)
    {
        if (generations.Count == 0)
        {
            return [];
        }

        // Every writer inserts in the same order, so two replicas given the same generations (a redelivery) wait for
        // each other instead of deadlocking.
        generations = [.. generations.OrderBy(completed => completed.GenerationId)];
        var connection = (NpgsqlConnection)store.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var command = new NpgsqlCommand(Insert, connection)
            {
                Parameters =
                {
                    Column(generations, completed => completed.GenerationId),
                    Column(generations, completed => completed.TenantId),
                    Column(generations, completed => completed.ApiKeyId),
                    Column(generations, completed => completed.Model),
                    Column(generations, completed => completed.Endpoint),
                    Column(generations, completed => completed.PromptTokens),
                    Column(generations, completed => completed.CompletionTokens),
                    Column(generations, completed => completed.WorkerTime.TotalMilliseconds),
                    Column(generations, completed => completed.Outcome),
                    // timestamptz takes UTC only; the instant is what is kept either way.
                    Column(generations, completed => completed.CompletedAt.ToUniversalTime()),
                },
            };
            var recorded = new HashSet<Guid>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    recorded.Add(reader.GetGuid(0));
                }
            }

            return recorded.Count == generations.Count
                ? generations
                : [.. generations.Where(completed => recorded.Contains(completed.GenerationId))];
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static NpgsqlParameter<T[]> Column<T>(IReadOnlyList<GenerationUsage> generations, Func<GenerationUsage, T> value)
    {
        var column = new T[generations.Count];
        for (var index = 0; index < column.Length; index++)
        {
            column[index] = value(generations[index]);
        }

        return new NpgsqlParameter<T[]> { TypedValue = column };
    }
}
