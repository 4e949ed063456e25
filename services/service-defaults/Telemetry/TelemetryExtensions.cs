using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Platform.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Turns tracing on or off; unset, tracing is on exactly when OTLP export is configured.</summary>
    public const string TracingSetting = "Telemetry:Tracing";

    /// <summary>
    /// Traces (HTTP server and client, the bus, platform sources), metrics (with a Prometheus scrape endpoint) and
    /// logs through OpenTelemetry. OTLP export is on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Traces are
    /// recorded only when something receives them (OTLP export, or <see cref="TracingSetting"/> = true): a span per
    /// bus send, receive and consume is a large share of a request's allocations, and nobody would read them.
    /// The sampler follows the standard <c>OTEL_TRACES_SAMPLER</c> / <c>OTEL_TRACES_SAMPLER_ARG</c> variables.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var tracing = builder.Configuration.GetValue<bool?>(TracingSetting) ?? exportOtlp;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            if (exportOtlp)
            {
                logging.AddOtlpExporter();
            }
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter(PlatformTelemetry.MeterPrefix + "*")
                .AddMeter("MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter()
                .AddOtlpExporterWhen(exportOtlp));
        if (tracing)
        {
            telemetry.WithTracing(traces => traces
                .AddSource(PlatformTelemetry.ActivitySourceName)
                .AddSource("MassTransit")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !PlatformTelemetry.IsInfrastructurePath(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddOtlpExporterWhen(exportOtlp));
        }

        return builder;
    }

    private static MeterProviderBuilder AddOtlpExporterWhen(this MeterProviderBuilder metrics, bool export) =>
        export ? metrics.AddOtlpExporter() : metrics;

    private static TracerProviderBuilder AddOtlpExporterWhen(this TracerProviderBuilder traces, bool export) =>
        export ? traces.AddOtlpExporter() : traces;
}
