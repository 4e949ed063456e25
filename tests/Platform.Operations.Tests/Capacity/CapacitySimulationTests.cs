using Platform.CapacitySimulator;
using Platform.Operations.Tests.Helm;

namespace Platform.Operations.Tests.Capacity;

/// <summary>The capacity simulator (tools/capacity-sim) behaves like a fleet, and the chart's autoscaling defaults are its.</summary>
public sealed class CapacitySimulationTests
{
    private static SimulationSettings Day(int developers, KedaSettings? keda = null) => new(
        developers, SimulationSettings.CopilotPeakPerDeveloper, WorkerSettings.Measured, keda ?? KedaSettings.ChartDefaults with { MaxReplicaCount = 1000 },
        GatewaySettings.ChartDefaults, SimulationSettings.GatewayMaxWaitSeconds);

    [Fact]
    public void The_charts_autoscaling_defaults_are_the_simulators()
    {
        var values = Chart.Values();
        var keda = values["modelWorker"]!["defaults"]!["keda"]!;
        var expected = KedaSettings.ChartDefaults;

        Assert.Equal(expected.PollingInterval, (int)keda["pollingInterval"]!);
        Assert.Equal(expected.CooldownPeriod, (int)keda["cooldownPeriod"]!);
        Assert.Equal(expected.MinReplicaCount, (int)keda["minReplicaCount"]!);
        Assert.Equal(expected.MaxReplicaCount, (int)keda["maxReplicaCount"]!);
        Assert.Equal(expected.QueueLength, (int)keda["queueLength"]!);
        Assert.Equal(expected.ActivationQueueLength, (int)keda["activationQueueLength"]!);
        Assert.Equal(expected.ScaleDownStabilizationSeconds, (int)keda["scaleDownStabilizationSeconds"]!);

        var gateway = values["gateway"]!;
        Assert.Equal("250m", (string?)gateway["resources"]!["requests"]!["cpu"]);
        Assert.Equal(0.25, GatewaySettings.ChartDefaults.CpuRequestCores);
        Assert.Equal(GatewaySettings.ChartDefaults.TargetUtilization * 100, (int)gateway["autoscaling"]!["targetCPUUtilizationPercentage"]!, 3);
        Assert.Equal(GatewaySettings.ChartDefaults.MinReplicas, (int)gateway["autoscaling"]!["minReplicas"]!);
        Assert.Equal(GatewaySettings.ChartDefaults.MaxReplicas, (int)gateway["autoscaling"]!["maxReplicas"]!);
    }

    [Fact]
    public void The_throughput_curve_follows_the_measured_points()
    {
        var curve = WorkerThroughput.Parse(WorkerSettings.MeasuredCpuCurve);

        Assert.Equal(146, curve.TokensPerSecond(1), 6);
        Assert.Equal(616, curve.TokensPerSecond(16), 6);
        Assert.InRange(curve.TokensPerSecond(8), 324, 616);
        Assert.Equal(708, curve.TokensPerSecond(200), 6);
        Assert.Equal(64.0 * 16 / 616, curve.ServiceSeconds(16, 64), 6);
    }

    [Fact]
    public void More_developers_need_more_workers_and_gateways_and_are_served_in_time()
    {
        var small = FleetSimulation.Run(Day(1_000));
        var large = FleetSimulation.Run(Day(10_000));

        Assert.True(large.PeakWorkers > small.PeakWorkers, $"{large.PeakWorkers} workers for 10k, {small.PeakWorkers} for 1k");
        Assert.True(large.WorkerHours > 3 * small.WorkerHours);
        Assert.True(large.PeakGateways >= small.PeakGateways);
        Assert.Equal(0, large.RefusedShare);
        Assert.InRange(large.LatencyP95Seconds, 0.1, 2.5);
        Assert.Equal(24, large.Hours.Count);
        Assert.True(large.Hours[11].Workers > large.Hours[3].Workers, "the fleet follows the day");
    }

    /// <summary>The simulation can show a fleet that does not keep up: too few workers refuse requests after the gateway's wait.</summary>
    [Fact]
    public void A_fleet_capped_below_its_need_refuses_requests()
    {
        var capped = FleetSimulation.Run(Day(10_000, KedaSettings.ChartDefaults with { MaxReplicaCount = 2 }));

        Assert.Equal(2, capped.PeakWorkers);
        Assert.True(capped.RefusedShare > 0.1, $"{capped.RefusedShare:P1} refused");
        Assert.InRange(capped.WaitP95Seconds, 5, SimulationSettings.GatewayMaxWaitSeconds);
    }

    [Fact]
    public void The_report_has_a_row_per_hour_shown()
    {
        var report = Report.Day(FleetSimulation.Run(Day(1_000)), everyHours: 2);

        Assert.Contains("### 1,000 developers", report, StringComparison.Ordinal);
        Assert.Equal(12, report.Split('\n').Count(line => line.StartsWith("| ", StringComparison.Ordinal) && line.Contains(":00 |", StringComparison.Ordinal)));
    }

    /// <summary>docs/capacity.md quotes the simulator's current tables for the three sizes.</summary>
    [Fact]
    public void The_capacity_document_quotes_the_simulators_numbers()
    {
        var document = Repository.Read("docs/capacity.md").Replace("\r\n", "\n", StringComparison.Ordinal);

        foreach (var developers in new[] { 1_000, 10_000, 100_000 })
        {
            var table = Report.Day(FleetSimulation.Run(Day(developers)), everyHours: 2).Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.True(document.Contains(table.Trim(), StringComparison.Ordinal), $"docs/capacity.md does not quote the {developers:N0}-developer table:\n{table}");
        }
    }
}
