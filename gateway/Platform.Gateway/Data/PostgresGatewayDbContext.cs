using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Platform.Gateway.Data;

public sealed class PostgresGatewayDbContext(DbContextOptions<PostgresGatewayDbContext> options) : GatewayDbContext(options)
{
    /// <summary>The advisory lock key replicas take to migrate one at a time (any fixed bigint; "gateway" in ASCII).</summary>
    private const long MigrationLockKey = 0x67617465776179;

    /// <summary>
    /// A session-level advisory lock on a connection of its own, so replicas starting at once apply migrations one after
    /// the other (each migration's own check-then-apply is not safe against another replica). Released explicitly:
    /// a pooled connection keeps its session, and with it the lock, when it is merely closed.
    /// </summary>
    internal override async Task<IAsyncDisposable?> LockMigrationsAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1)", cancellationToken);
        return new MigrationLock(connection);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = MigrationLockKey } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class MigrationLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None);
            }
        }
    }
}
