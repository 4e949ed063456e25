using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Platform.Gateway.Data;

public sealed class PostgresGatewayDbContext(DbContextOptions<PostgresGatewayDbContext> options) : GatewayDbContext(options)
{
    /// <summary>
    /// A session-level advisory lock, so replicas starting at once create the database and apply migrations one after
    /// the other (each migration's own check-then-apply is not safe against another replica). It is taken in the
    /// server's <c>postgres</c> database, keyed by this database's name, because this one may not exist yet; where
    /// <c>postgres</c> cannot be opened, in this database. Released explicitly: a pooled connection keeps its session,
    /// and with it the lock, when it is merely closed.
    /// </summary>
    internal override async Task<IAsyncDisposable?> LockMigrationsAsync(CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(Database.GetConnectionString());
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"gateway-migrations:{target.Database}")));
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
        NpgsqlConnection connection;
        try
        {
            connection = await OpenAsync(maintenance.ConnectionString, cancellationToken);
        }
        catch (PostgresException)
        {
            connection = await OpenAsync(target.ConnectionString, cancellationToken);
        }

        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1)", key, cancellationToken);
        return new MigrationLock(connection, key);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = key } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class MigrationLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", key, CancellationToken.None);
            }
        }
    }
}
