using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Data;
using Platform.Gateway.Tests.Data;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Gateway.Tests.ApiKeys;

/// <summary>What key validation needs around it: a migrated SQLite store whose key lookups are counted, a pepper, a clock.</summary>
internal static class GatewayKeyServices
{
    public static IServiceCollection AddKeyValidationDependencies(
        this IServiceCollection services, TemporaryGatewayStore store, KeyLookupCounter lookups, Action<GatewayOptions>? configure = null)
    {
        services.AddLogging();
        services.AddDbContext<GatewayDbContext, SqliteGatewayDbContext>(options => options.UseSqlite(store.ConnectionString).AddInterceptors(lookups));
        services.AddMemoryCache();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISecretStore>(new Pepper());
        services.AddSingleton<ApiKeyHasher>();
        services.AddOptions<GatewayOptions>().Configure(options => configure?.Invoke(options));
        return services;
    }

    /// <summary>Stores a tenant and one key with every scope; returns the key.</summary>
    public static async Task<string> IssueKeyAsync(TemporaryGatewayStore store, ApiKeyHasher hasher)
    {
        await using var context = store.Open();
        context.Plans.Add(new Plan { Id = "p", Name = "p" });
        context.Tenants.Add(new Tenant { Id = "acme", Name = "Acme", PlanId = "p" });
        var issued = await new ApiKeyIssuer(hasher, TimeProvider.System).IssueAsync(context, "acme", "ci", null, null, CancellationToken.None);
        await context.SaveChangesAsync();
        return issued.Secret;
    }

    private sealed class Pepper : ISecretStore
    {
        public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult<string?>("key-validation-pepper");
    }
}

/// <summary>Counts the queries that read the api_keys table, optionally making each take a while (as a remote database would).</summary>
internal sealed class KeyLookupCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public TimeSpan Latency { get; set; }

    public override async ValueTask<InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
        System.Data.Common.DbCommand command, CommandEventData eventData, InterceptionResult<System.Data.Common.DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("api_keys", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
            await Task.Delay(Latency, cancellationToken);
        }

        return await base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
