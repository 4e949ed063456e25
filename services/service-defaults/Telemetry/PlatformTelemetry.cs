using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>Names shared by every service's instrumentation.</summary>
public static class PlatformTelemetry
{
    public const string ActivitySourceName = "Platform";

    /// <summary>Every platform meter's name starts with this, so one wildcard exports them all.</summary>
    public const string MeterPrefix = "Platform.";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>Health probes and metric scrapes are not worth a trace each.</summary>
    public static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
