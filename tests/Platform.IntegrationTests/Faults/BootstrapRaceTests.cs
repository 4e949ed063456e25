using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Gateway;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Data;
using Platform.IntegrationTests.Infrastructure;
using Platform.ServiceDefaults.Secrets;

namespace Platform.IntegrationTests.Faults;

/// <summary>Gateway replicas starting at once against a PostgreSQL database that does not exist yet (a fresh deployment).</summary>
public sealed partial class BootstrapRaceTests : IAsyncLifetime
{
    private readonly TestServers _servers = new();
    private readonly string _name = $"platform_bootstrap_{Guid.NewGuid():N}";
    private string _database = "";

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        _database = _servers.PostgresDatabase(_name);
    }

    public async Task DisposeAsync()
    {
        await using (var store = Open(_database))
        {
            await store.Database.EnsureDeletedAsync();
        }

        await _servers.DisposeAsync();
    }

    [Fact]
    public async Task Two_replicas_starting_at_once_print_one_bootstrap_key_and_it_is_the_one_saved()
    {
        // Both replicas find no key, then both save theirs at the same moment.
        var rendezvous = new KeySaveRendezvous(replicas: 2);
        var outputs = new[] { new StringWriter(), new StringWriter() };
        var replicas = new List<(ServiceProvider Services, ApiKeyHasher Hasher, BootstrapTenantInitializer Initializer)>();
        foreach (var output in outputs)
        {
            replicas.Add(await ReplicaAsync(output, rendezvous));
        }

        try
        {
            await Task.WhenAll(replicas.Select(replica => replica.Initializer.StartAsync(CancellationToken.None)));

            Assert.True(rendezvous.Met, "The replicas did not reach the key insert together.");
            var key = Assert.Single(outputs.SelectMany(output => PrintedKey().Matches(output.ToString())).Select(match => match.Value));
            await using var store = Open(_database);
            var stored = await store.ApiKeys.AsNoTracking().SingleAsync();
            Assert.Equal(ApiKeyFormat.PublicPrefix(key), stored.Prefix);
            Assert.Equal(replicas[0].Hasher.Hash(key), stored.Hash);
            Assert.Equal(BootstrapTenantInitializer.TenantId, stored.TenantId);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.Services.DisposeAsync();
            }
        }
    }

    private async Task<(ServiceProvider, ApiKeyHasher, BootstrapTenantInitializer)> ReplicaAsync(TextWriter output, KeySaveRendezvous rendezvous)
    {
        var services = new ServiceCollection()
            .AddDbContext<GatewayDbContext, PostgresGatewayDbContext>(options => options.UseNpgsql(_database).AddInterceptors(rendezvous))
            .BuildServiceProvider();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = _database })
            .Build();
        var hasher = new ApiKeyHasher(new Pepper(), configuration);
        await hasher.StartAsync(CancellationToken.None);
        var initializer = new BootstrapTenantInitializer(
            services.GetRequiredService<IServiceScopeFactory>(), new ApiKeyIssuer(hasher, TimeProvider.System),
            Options.Create(new GatewayOptions()), TimeProvider.System, NullLogger<BootstrapTenantInitializer>.Instance)
        {
            Output = output,
        };
        return (services, hasher, initializer);
    }

    private static PostgresGatewayDbContext Open(string database) =>
        new(new DbContextOptionsBuilder<PostgresGatewayDbContext>().UseNpgsql(database).Options);

    [GeneratedRegex(@"sk-plat-[A-Za-z0-9_-]{43}")]
    private static partial Regex PrintedKey();

    private sealed class Pepper : ISecretStore
    {
        public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult<string?>("bootstrap-race-pepper");
    }

    /// <summary>Holds each save that adds an API key until every replica has reached one (or 5 s pass).</summary>
    private sealed class KeySaveRendezvous(int replicas) : SaveChangesInterceptor
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public bool Met => _all.Task.IsCompletedSuccessfully;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<ApiKey>().Any(entry => entry.State == EntityState.Added))
            {
                if (Interlocked.Increment(ref _arrived) == replicas)
                {
                    _all.TrySetResult();
                }

                await Task.WhenAny(_all.Task, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
            }

            return result;
        }
    }
}
