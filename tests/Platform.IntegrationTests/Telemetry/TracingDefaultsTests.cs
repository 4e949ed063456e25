using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Platform.IntegrationTests.Infrastructure;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.IntegrationTests.Telemetry;

/// <summary>Spans are recorded only when something receives them; a host with nowhere to send them pays nothing for tracing.</summary>
public sealed class TracingDefaultsTests
{
    [Fact]
    public async Task A_host_without_an_exporter_records_no_traces()
    {
        await using var host = await TestHost.StartAsync("tracing-off", new Dictionary<string, string?>(), _ => { });

        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData(TelemetryExtensions.TracingSetting, "true")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")]
    public async Task A_host_traces_when_asked_or_when_exporting(string setting, string value)
    {
        await using var host = await TestHost.StartAsync("tracing-on", new Dictionary<string, string?> { [setting] = value }, _ => { });

        Assert.NotNull(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Exporting_hosts_can_still_turn_tracing_off()
    {
        await using var host = await TestHost.StartAsync("tracing-vetoed", new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
            [TelemetryExtensions.TracingSetting] = "false",
        }, _ => { });

        Assert.Null(host.Services.GetService<TracerProvider>());
    }
}
