using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Platform.Gateway.Benchmarks;

// The latency the gateway and the bus add to a completion (end-to-end at the client minus the worker's own time),
// open-loop at fixed rates, gateway + completion service + worker over the real RabbitMQ, Redis and PostgreSQL.
// One JSON document goes to stdout; progress notes go to stderr.
//   --seconds N      measured seconds per rate (default 12)
//   --rates A,B      requests per second (default 200,500)
//   --workers M,N    echo and/or tiny (default echo,tiny), or none for the floor alone
//   --floor off      skip the floors that otherwise run at the same rates after the platform: bare RabbitMQ.Client
//                    (BusFloor) and MassTransit between three hosts (MassTransitFloor)
//   --samples DIR    also write every request, collection and bus hop of every rate as CSV there, to see when the slow ones happened
//   (--broker-probe SECONDS is the benchmark's own child process: see BrokerProbe)
if (args is [BrokerProbe.Argument, var probeSeconds])
{
    return await BrokerProbe.RunAsync(BenchmarkServers.FromEnvironment().RabbitMq, double.Parse(probeSeconds, CultureInfo.InvariantCulture));
}

var options = BenchmarkOptions.Parse(args);
BenchmarkServers servers;
try
{
    servers = BenchmarkServers.FromEnvironment();
}
catch (InvalidOperationException missing)
{
    Console.Error.WriteLine(missing.Message);
    return 2;
}

var tinyModelDirectory = Path.Combine(Path.GetTempPath(), "platform-gateway-benchmark-model");

const int SequentialRequests = 300;
var modes = new List<ModeResult>();
foreach (var mode in options.Workers)
{
    Console.Error.WriteLine($"[{mode}] starting gateway, completion service and worker");
    await using var platform = await BenchmarkPlatform.StartAsync(servers, mode, tinyModelDirectory);
    using var client = OpenLoopLoad.CreateClient(platform.Gateway.BaseAddress(), platform.ApiKey);
    var load = new OpenLoopLoad(client);

    // Warm-up: connection pools, the key and plan caches, bus channels, then until tiered JIT has settled: a gateway
    // runs for days, and the first seconds' background recompilation would otherwise be measured as overhead.
    Console.Error.WriteLine($"[{mode}] warming up");
    await load.RunAsync(rate: 50, TimeSpan.FromSeconds(2));
    var warmUp = await JitWarmUp.RunAsync(load, options.Rates.Max());
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"[{mode}] warm after {warmUp.Seconds:F0} s ({warmUp.MethodsPerSecond:F0} methods/s still being compiled)"));

    Console.Error.WriteLine($"[{mode}] {SequentialRequests} requests one at a time");
    RateResult sequential;
    using (var collections = new GcTimeline())
    {
        platform.Hops.Start();
        var sequentialRun = await load.RunSequentialAsync(SequentialRequests);
        sequential = RateResult.From(0, sequentialRun, platform.Hops.Stop(), collections.Collections);
    }

    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"[{mode}] sequential: overhead p50 {sequential.Overhead.P50} ms, p99 {sequential.Overhead.P99} ms, cpu {sequential.CpuPerRequest} ms/request"));

    var rates = new List<RateResult>();
    foreach (var rate in options.Rates)
    {
        Console.Error.WriteLine($"[{mode}] {rate} requests/s for {options.Seconds} s");
        using var collections = new GcTimeline();
        var probe = BrokerProbe.Start(TimeSpan.FromSeconds(options.Seconds));
        platform.Hops.Start();
        var run = await load.RunAsync(rate, TimeSpan.FromSeconds(options.Seconds));
        var hops = platform.Hops.Stop();
        var result = RateResult.From(rate, run, hops, collections.Collections) with { BrokerProbe = await BrokerProbe.ResultAsync(probe) };
        if (options.SamplesDirectory is { } directory)
        {
            var name = Path.Combine(directory, $"{mode.ToString().ToLowerInvariant()}-{rate}");
            await SampleFile.WriteAsync(name + ".csv", rate, run.Samples);
            await SampleFile.WriteCollectionsAsync(name + "-gc.csv", collections.Collections);
            await SampleFile.WriteHopsAsync(name + "-hops.csv", run.StartedAt, hops);
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{mode}] {rate}/s: overhead p50 {result.Overhead.P50} ms, p99 {result.Overhead.P99} ms, bus hops p50/p99 {string.Join(' ', result.BusHops.Select(hop => $"{hop.Key} {hop.Value.P50}/{hop.Value.P99}"))}, errors {result.Errors} {string.Join(' ', result.ErrorsByStatus.Select(pair => $"{pair.Key}x{pair.Value}"))}, cpu {result.CpuPerRequest} ms/request, gc {result.Process.Gen0}/{result.Process.Gen1}/{result.Process.Gen2} pausing {result.Process.GcPauseMs} ms promoting {result.PromotedMb} MB, {result.Process.AllocatedMb} MB, broker probe p99 {result.BrokerProbe?.RoundTrip.P99} max {result.BrokerProbe?.RoundTrip.Max} ms with {result.BrokerProbe?.Over10Ms} round trips over 10 ms"));
        rates.Add(result);
    }

    modes.Add(new ModeResult(mode.ToString().ToLowerInvariant(), mode switch
    {
        WorkerMode.Echo => "stand-in model answering one token at once over the real worker protocol",
        _ => "generated tiny model on the CPU engine (worker time subtracted)",
    }, sequential, rates));
}

IReadOnlyList<BusFloorResult> floor = [], masstransit = [];
if (options.Floor)
{
    floor = await BusFloor.MeasureAsync(servers.RabbitMq, options.Rates, TimeSpan.FromSeconds(options.Seconds));
    masstransit = await MassTransitFloor.MeasureAsync(servers.RabbitMq, options.Rates, TimeSpan.FromSeconds(options.Seconds));
}

// Each layer over the bare bus: MassTransit between three hosts, then the whole platform per worker.
var overFloor = FloorRatio.Of("masstransit", masstransit.ToDictionary(result => result.TargetRate, result => result.EndToEnd), floor)
    .Concat(modes.SelectMany(mode => FloorRatio.Of(mode.Worker, mode.Rates.ToDictionary(rate => rate.TargetRate, rate => rate.Overhead), floor)))
    .ToList();
foreach (var ratio in overFloor)
{
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"[{ratio.Layer}] {ratio.TargetRate}/s: over the bare bus p50 x{ratio.P50}, p99 x{ratio.P99}"));
}

var report = new Dictionary<string, object>
{
    ["benchmark"] = "gateway_and_bus_overhead",
    ["request"] = "POST /v1/completions, max_tokens 1, temperature 0, short FIM prompt, not streamed",
    ["overhead"] = "client end-to-end minus x-platform-worker-ms",
    ["target"] = new { p50_ms = RateResult.TargetP50Ms, p99_ms = RateResult.TargetP99Ms },
    ["seconds_per_rate"] = options.Seconds,
    ["machine"] = new
    {
        processors = Environment.ProcessorCount,
        os = RuntimeInformation.OSDescription,
        runtime = RuntimeInformation.FrameworkDescription,
        note = "load driver and all three hosts share one process on this machine",
    },
    ["workers"] = modes,
    ["bus_floor"] = floor,
    ["masstransit_floor"] = masstransit,
    ["overhead_over_floor"] = overFloor,
};
Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
return 0;

internal sealed record BenchmarkOptions(int Seconds, IReadOnlyList<int> Rates, IReadOnlyList<WorkerMode> Workers, string? SamplesDirectory = null, bool Floor = true)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(12, [200, 500], [WorkerMode.Echo, WorkerMode.Tiny]);
        for (var index = 0; index + 1 < args.Length; index += 2)
        {
            var value = args[index + 1];
            options = args[index] switch
            {
                "--seconds" => options with { Seconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--rates" => options with { Rates = [.. value.Split(',').Select(rate => int.Parse(rate, CultureInfo.InvariantCulture))] },
                "--workers" => options with { Workers = value == "none" ? [] : [.. value.Split(',').Select(name => Enum.Parse<WorkerMode>(name, ignoreCase: true))] },
                "--floor" => options with { Floor = value is not ("off" or "false" or "no") },
                "--samples" => options with { SamplesDirectory = Directory.CreateDirectory(value).FullName },
                var unknown => throw new ArgumentException($"Unknown option {unknown}; use --seconds, --rates, --workers, --floor or --samples."),
            };
        }

        return options;
    }
}
