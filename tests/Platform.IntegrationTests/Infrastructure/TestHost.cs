using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Telemetry;
using System.Diagnostics;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// Starts one platform host the way its Program.cs does (service defaults, the service, the bus, default
/// endpoints), on a free loopback port, with the given settings and an in-memory trace exporter.
/// </summary>
public static class TestHost
{
    public static async Task<WebApplication> StartAsync(
        string serviceName,
        IDictionary<string, string?> settings,
        Action<WebApplicationBuilder> addService,
        Action<WebApplication>? mapService = null,
        ICollection<Activity>? exportedSpans = null)
    {
        // Content root = the build output, not the repository (whose .servers/ files change constantly under a file watcher).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["OTEL_SERVICE_NAME"] = serviceName;
        if (exportedSpans is not null)
        {
            builder.Configuration[TelemetryExtensions.TracingSetting] = "true";
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        builder.AddServiceDefaults();
        addService(builder);
        builder.AddPlatformBus();
        if (exportedSpans is not null)
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exportedSpans));
        }

        var app = builder.Build();
        app.MapDefaultEndpoints();
        mapService?.Invoke(app);
        await app.StartAsync();
        return app;
    }

    public static Uri BaseAddress(this WebApplication app) => new(app.Urls.First());
}
