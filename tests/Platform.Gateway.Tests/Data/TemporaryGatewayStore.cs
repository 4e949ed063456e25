using Microsoft.EntityFrameworkCore;
using Platform.Gateway.Data;

namespace Platform.Gateway.Tests.Data;

/// <summary>A migrated SQLite gateway store in a file of its own, deleted with its directory on dispose.</summary>
internal sealed class TemporaryGatewayStore : IAsyncDisposable
{
    private TemporaryGatewayStore(string directory)
    {
        Directory = directory;
        // No pooling: a pooled connection would keep the file open and the directory undeletable.
        ConnectionString = $"Data Source={Path.Combine(directory, "gateway.db")};Pooling=false";
    }

    public string Directory { get; }

    public string ConnectionString { get; }

    public static async Task<TemporaryGatewayStore> CreateAsync()
    {
        var store = new TemporaryGatewayStore(Path.Combine(Path.GetTempPath(), $"gateway-store-{Guid.NewGuid():N}"));
        System.IO.Directory.CreateDirectory(store.Directory);
        await using var context = store.Open();
        await context.Database.MigrateAsync();
        return store;
    }

    /// <summary>A new context, as each request or consumer batch gets one.</summary>
    public SqliteGatewayDbContext Open() =>
        new(new DbContextOptionsBuilder<SqliteGatewayDbContext>().UseSqlite(ConnectionString).Options);

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
