namespace Platform.CapacitySimulator;

/// <summary>KEDA's ScaledObject for one model (helm/platform values: modelWorker.defaults.keda).</summary>
public sealed record KedaSettings(
    int PollingInterval,
    int CooldownPeriod,
    int MinReplicaCount,
    int MaxReplicaCount,
    int QueueLength,
    int ActivationQueueLength,
    int ScaleDownStabilizationSeconds)
{
    /// <summary>The chart's defaults; chosen with this simulator (docs/capacity.md), and a test keeps values.yaml equal to them.</summary>
    public static KedaSettings ChartDefaults { get; } = new(
        PollingInterval: 10, CooldownPeriod: 300, MinReplicaCount: 1, MaxReplicaCount: 16, QueueLength: 8,
        ActivationQueueLength: 0, ScaleDownStabilizationSeconds: 120);
}

/// <summary>The gateway's CPU autoscaling (helm/platform values: gateway.resources and gateway.autoscaling).</summary>
public sealed record GatewaySettings(double CpuMillisecondsPerRequest, double CpuRequestCores, double TargetUtilization, int MinReplicas, int MaxReplicas)
{
    /// <summary>CPU per request from the gateway benchmark (the whole platform's CPU per request at 500 req/s, an upper bound for the gateway alone); the chart's request, target and bounds.</summary>
    public static GatewaySettings ChartDefaults { get; } = new(1.9, 0.25, 0.70, 2, 10);
}

/// <summary>A model worker: its measured throughput curve, the tokens one completion generates, the sequences it takes at once, its start time.</summary>
public sealed record WorkerSettings(WorkerThroughput Throughput, double TokensPerRequest, int Slots, double StartupSeconds)
{
    /// <summary>The engine benchmark's completion-like workload on the CPU runner (tiny model, 2 cores): tokens/s at 1, 4, 16 and 64 sequences, 64 output tokens each.</summary>
    public const string MeasuredCpuCurve = "1:146,4:324,16:616,64:708";

    public static WorkerSettings Measured { get; } = new(WorkerThroughput.Parse(MeasuredCpuCurve), TokensPerRequest: 64, Slots: 64, StartupSeconds: 20);
}

/// <summary>Everything one simulated day needs.</summary>
public sealed record SimulationSettings(
    int Developers,
    double PeakRequestsPerDeveloper,
    WorkerSettings Worker,
    KedaSettings Keda,
    GatewaySettings Gateway,
    double MaxWaitSeconds)
{
    /// <summary>~8,000 completions/s at Copilot's peak, taken over about a million developers.</summary>
    public const double CopilotPeakPerDeveloper = 8000.0 / 1_000_000;

    /// <summary>The gateway refuses a request that waited this long for a worker (Gateway:MaxWaitTime).</summary>
    public const double GatewayMaxWaitSeconds = 15;
}
