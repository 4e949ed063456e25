using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Gateway.Benchmarks;

/// <summary>
/// Starts one platform host the way its Program.cs does (service defaults, the service, the bus, default endpoints)
/// on a free loopback port, so the benchmark measures the code that ships.
/// </summary>
internal static class BenchmarkHost
{
    public static async Task<WebApplication> StartAsync(
        string serviceName,
        IDictionary<string, string?> settings,
        BusHopTimes hops,
        Action<WebApplicationBuilder> addService,
        Action<WebApplication>? mapService = null)
    {
        // Content root = the build output: the default (the working directory) is the repository, whose database and
        // broker files under .servers/ change constantly and would keep a recursive file watcher busy.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["OTEL_SERVICE_NAME"] = serviceName;
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Warnings only, to stderr: stdout carries the JSON report alone.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        builder.AddServiceDefaults();
        addService(builder);
        builder.Services.AddConsumeObserver(_ => hops);
        builder.AddPlatformBus();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        mapService?.Invoke(app);
        await app.StartAsync();
        return app;
    }

    public static Uri BaseAddress(this WebApplication app) => new(app.Urls.First());
}
