using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Data;

namespace Platform.Gateway.Tests.ApiKeys;

public sealed class KeyUsageTrackerTests : IDisposable
{
    // SQLite cannot open a file in a directory that does not exist: the store is unreachable until it is created.
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"key-usage-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Unreachable_store_keeps_the_host_running_and_the_last_use_is_written_once_it_returns()
    {
        var connection = $"Data Source={Path.Combine(_directory, "gateway.db")};Pooling=false";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var problems = new ProblemCounter();
        builder.Logging.AddProvider(problems);
        builder.Services.AddDbContext<GatewayDbContext, SqliteGatewayDbContext>(options => options.UseSqlite(connection));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services =>
        {
            var tracker = ActivatorUtilities.CreateInstance<KeyUsageTracker>(services);
            tracker.FlushEvery = TimeSpan.FromMilliseconds(50);
            return tracker;
        });
        builder.Services.AddHostedService(services => services.GetRequiredService<KeyUsageTracker>());
        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.StartAsync();

        host.Services.GetRequiredService<KeyUsageTracker>().Touch("key-1");
        for (var waited = 0; waited < 200 && problems.Count < 3; waited++)
        {
            await Task.Delay(50); // the first flush also builds the EF model: slow on a busy machine
        }

        await Task.Delay(200);
        Assert.True(problems.Count >= 3, "The flushes against the missing store did not fail.");

        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "The tracker's failure stopped the host.");
        // The store comes back whole: prepared elsewhere, then moved into place.
        var prepared = _directory + "-prepared";
        Directory.CreateDirectory(prepared);
        await using (var store = Open($"Data Source={Path.Combine(prepared, "gateway.db")};Pooling=false"))
        {
            await store.Database.MigrateAsync();
            store.Plans.Add(new Plan { Id = "p", Name = "p" });
            store.Tenants.Add(new Tenant { Id = "t", Name = "t", PlanId = "p" });
            store.ApiKeys.Add(new ApiKey { Id = "key-1", TenantId = "t", Name = "k", Prefix = "sk-plat-12345678", Hash = "h" });
            await store.SaveChangesAsync();
        }

        Directory.Move(prepared, _directory);

        DateTimeOffset? lastUsed = null;
        for (var attempt = 0; attempt < 100 && lastUsed is null; attempt++)
        {
            await Task.Delay(50);
            await using var store = Open(connection);
            lastUsed = await store.ApiKeys.Where(key => key.Id == "key-1").Select(key => key.LastUsedAt).SingleAsync();
        }

        Assert.NotNull(lastUsed);
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }

    /// <summary>Counts warnings and errors logged by anyone: each failed flush logs at least one.</summary>
    private sealed class ProblemCounter : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
        }
    }

    private static SqliteGatewayDbContext Open(string connection) =>
        new(new DbContextOptionsBuilder<SqliteGatewayDbContext>().UseSqlite(connection).Options);
}
