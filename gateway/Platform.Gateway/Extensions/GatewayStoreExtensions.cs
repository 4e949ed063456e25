using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Gateway.Data;
using Platform.Gateway.Metering;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Health;

namespace Platform.Gateway.Extensions;

internal static class GatewayStoreExtensions
{
    /// <summary>PostgreSQL when <c>ConnectionStrings:postgres</c> is set, else SQLite in the data directory.</summary>
    public static IHostApplicationBuilder AddGatewayStore(this IHostApplicationBuilder builder)
    {
        var postgres = builder.Configuration.GetConnectionString("postgres");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            var file = Path.Combine(PlatformDataDirectory.Resolve(builder.Configuration), "gateway.db");
            builder.Services.AddDbContext<GatewayDbContext, SqliteGatewayDbContext>(options => options.UseSqlite($"Data Source={file}"));
            builder.Services.AddScoped<IUsageLedger, EntityUsageLedger>();
        }
        else
        {
            builder.Services.AddDbContext<GatewayDbContext, PostgresGatewayDbContext>(options => options.UseNpgsql(postgres));
            builder.Services.AddScoped<IUsageLedger, PostgresUsageLedger>();
        }

        builder.Services.AddHealthChecks().AddDbContextCheck<GatewayDbContext>("gateway-store", tags: [HealthExtensions.ReadyTag]);
        return builder;
    }
}
