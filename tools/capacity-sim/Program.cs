using System.Globalization;
using Platform.CapacitySimulator;

// dotnet run --project tools/capacity-sim -c Release [-- --developers 1000,10000,100000 --worker-curve 1:146,4:324,16:616,64:708
//   --tokens 64 --slots 64 --startup 20 --queue-length 4 --max-workers 1000 --peak-per-developer 0.008 --every 2]
var options = Options.Parse(args);
var worker = new WorkerSettings(WorkerThroughput.Parse(options.Get("worker-curve", WorkerSettings.MeasuredCpuCurve)),
    options.Number("tokens", WorkerSettings.Measured.TokensPerRequest), (int)options.Number("slots", WorkerSettings.Measured.Slots),
    options.Number("startup", WorkerSettings.Measured.StartupSeconds));
var keda = KedaSettings.ChartDefaults with
{
    QueueLength = (int)options.Number("queue-length", KedaSettings.ChartDefaults.QueueLength),
    MinReplicaCount = (int)options.Number("min-workers", KedaSettings.ChartDefaults.MinReplicaCount),
    // The table says how many workers a size needs: the chart's maxReplicaCount is set from it, not the other way.
    MaxReplicaCount = (int)options.Number("max-workers", 1000),
};
var peak = options.Number("peak-per-developer", SimulationSettings.CopilotPeakPerDeveloper);
var sizes = options.Get("developers", "1000,10000,100000").Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture)).ToList();
var every = (int)options.Number("every", 2);

Console.WriteLine($"Worker: {options.Get("worker-curve", WorkerSettings.MeasuredCpuCurve)} tokens/s by batch, {worker.TokensPerRequest} tokens per completion, " +
    $"{worker.Slots} slots, {worker.StartupSeconds} s to start. KEDA: polling {keda.PollingInterval} s, target {keda.QueueLength} per worker, " +
    $"activation {keda.ActivationQueueLength}, cooldown {keda.CooldownPeriod} s, min {keda.MinReplicaCount}. Peak {peak} completions/s per developer.");
Console.WriteLine();
foreach (var developers in sizes)
{
    var day = FleetSimulation.Run(new SimulationSettings(developers, peak, worker, keda, GatewaySettings.ChartDefaults, SimulationSettings.GatewayMaxWaitSeconds));
    Console.WriteLine(Report.Day(day, every));
}

var sweepAt = sizes.Count > 1 ? sizes[1] : sizes[0];
var sweep = new[] { 1, 2, 4, 8, 16, 32 }
    .Select(queueLength => (queueLength, FleetSimulation.Run(new SimulationSettings(sweepAt, peak, worker, keda with { QueueLength = queueLength },
        GatewaySettings.ChartDefaults, SimulationSettings.GatewayMaxWaitSeconds))))
    .ToList();
Console.WriteLine(Report.Sweep(sweepAt, sweep));

/// <summary>--name value pairs.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value, got {args[i]}.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        return new Options(values);
    }

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public double Number(string name, double fallback) =>
        values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
