using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Platform.FaultTests.Infrastructure;
using Platform.Soak.Benchmarks;

// Soak: gateway, completion, chat and model worker as separate processes over the real PostgreSQL, Redis and RabbitMQ
// named by PLATFORM_TEST_* (infra/local-servers.sh), mixed traffic from a few clients for the whole run, every
// process's resident memory sampled every 5 s. Prints one JSON document: per process its memory at the end of the
// warm-up and at the end, and the least-squares slope after the warm-up (MB/min), which a leak makes positive.
//   --minutes N   run length (default 10); the first fifth, at least 30 s, is warm-up
//   --clients N   concurrent clients (default 4)
var minutes = 10.0;
var clients = 4;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--minutes": minutes = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--clients": clients = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

string Server(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
    ? value
    : throw new InvalidOperationException($"{name} is not set: start the servers with eval \"$(infra/local-servers.sh start)\".");

var duration = TimeSpan.FromMinutes(minutes);
var warmUp = TimeSpan.FromSeconds(Math.Max(30, duration.TotalSeconds / 5));
var folder = Path.Combine(Path.GetTempPath(), $"platform-soak-{Guid.NewGuid():N}"[..30]);
var apiKey = $"sk-plat-soak{Guid.NewGuid():N}";
var postgres = string.Join(';', Server("PLATFORM_TEST_POSTGRES").Split(';', StringSplitOptions.RemoveEmptyEntries)
    .Where(part => !part.StartsWith("Database=", StringComparison.OrdinalIgnoreCase)).Append($"Database=platform_soak_{Guid.NewGuid():N}"));
Dictionary<string, string> Common(string name) => new()
{
    ["ConnectionStrings__rabbitmq"] = Server("PLATFORM_TEST_RABBITMQ"),
    ["ConnectionStrings__redis"] = Server("PLATFORM_TEST_REDIS"),
    ["PLATFORM_DATA_DIR"] = Path.Combine(folder, name),
};

var ready = TimeSpan.FromMinutes(2);
var logs = Path.Combine(folder, "logs");
var hosts = new List<HostProcess>();
try
{
    Console.Error.WriteLine("[soak] starting worker, completion, chat and gateway");
    var worker = Common("worker");
    worker["Worker__ModelDirectory"] = Path.Combine(folder, "model");
    hosts.Add(await HostProcess.StartAsync("worker", Repository.HostAssembly("services/model-worker/Platform.ModelWorker.Host", "Platform.ModelWorker.Host"), worker, logs, ready));
    hosts.Add(await HostProcess.StartAsync("completion", Repository.HostAssembly("services/completion/Platform.Completion.Host", "Platform.Completion.Host"), Common("completion"), logs, ready));
    hosts.Add(await HostProcess.StartAsync("chat", Repository.HostAssembly("services/chat/Platform.Chat.Host", "Platform.Chat.Host"), Common("chat"), logs, ready));
    var gateway = Common("gateway");
    gateway["ConnectionStrings__postgres"] = postgres;
    gateway["Gateway__BootstrapApiKey"] = apiKey;
    gateway["Gateway__DefaultPlan__RequestsPerMinutePerKey"] = "0";
    gateway["Gateway__DefaultPlan__MonthlyTokenQuota"] = "1000000000000";
    gateway["Secrets__ApiKeyPepper"] = "soak-pepper-0123456789abcdef0123";
    gateway["Secrets__AdminToken"] = "sk-admin-soak-0123456789abcdef";
    var gatewayHost = await HostProcess.StartAsync("gateway", Repository.HostAssembly("gateway/Platform.Gateway.Host", "Platform.Gateway.Host"), gateway, logs, ready);
    hosts.Add(gatewayHost);

    var traffic = new MixedTraffic(gatewayHost.Address, apiKey);
    var sampler = new MemorySampler();
    using var stop = new CancellationTokenSource(duration);
    var clock = Stopwatch.StartNew();
    var load = Enumerable.Range(0, clients).Select(index => Task.Run(() => traffic.RunClientAsync(index, stop.Token))).ToList();
    Console.Error.WriteLine($"[soak] {clients} clients for {duration}, warm-up {warmUp}");
    while (!stop.IsCancellationRequested)
    {
        sampler.Sample(hosts, clock.Elapsed);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    sampler.Sample(hosts, clock.Elapsed);
    await Task.WhenAll(load);
    var exited = hosts.Where(host => host.HasExited).Select(host => host.Name).ToList();
    var result = new
    {
        benchmark = "soak",
        minutes,
        clients,
        warmUpSeconds = warmUp.TotalSeconds,
        requests = new { sent = traffic.Sent, asExpected = traffic.Ok, otherwise = traffic.Failed },
        requestsPerSecond = Math.Round(traffic.Sent / clock.Elapsed.TotalSeconds, 1),
        processesExited = exited,
        processes = sampler.Samples.ToDictionary(entry => entry.Key, entry => new
        {
            afterWarmUpMb = Math.Round(entry.Value.First(point => point.Minutes >= warmUp.TotalMinutes).Megabytes, 1),
            endMb = Math.Round(entry.Value[^1].Megabytes, 1),
            peakMb = Math.Round(entry.Value.Max(point => point.Megabytes), 1),
            slopeMbPerMinute = Math.Round(MemorySampler.Slope(entry.Value, warmUp), 2),
            samples = entry.Value.Count,
        }),
    };
    Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
    return exited.Count == 0 ? 0 : 1;
}
finally
{
    foreach (var host in hosts)
    {
        await host.DisposeAsync();
    }
}
