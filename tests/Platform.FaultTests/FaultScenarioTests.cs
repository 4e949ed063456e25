using Platform.FaultTests.Infrastructure;
using Platform.FaultTests.Load;
using Xunit.Abstractions;

namespace Platform.FaultTests;

/// <summary>
/// Each scenario runs the platform under steady load, injects one fault, lets the platform recover and checks the
/// invariants: no process exits that should not, no request runs past its deadline, every successful generation is
/// metered exactly once, the quota counter equals the ledger. Each prints its row of the table.
/// </summary>
[Collection(FaultPlatformGroup.Name)]
public sealed class FaultScenarioTests(FaultPlatform platform, ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int MaxTokens = 64;
    private static readonly TimeSpan SteadyBefore = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task RabbitMq_stopped_for_10_s_fails_requests_fast_and_loses_no_usage()
    {
        var report = await RunAsync("rabbitmq stopped 10 s", async () =>
        {
            await platform.Servers.StopServerAsync("rabbitmq");
            await Task.Delay(TimeSpan.FromSeconds(10));
            await platform.Servers.StartServerAsync("rabbitmq");
        });

        report.AssertInvariants();
    }

    [Fact]
    public async Task A_worker_killed_mid_generation_ends_or_retries_its_requests_within_5_s()
    {
        var killedAt = DateTimeOffset.MinValue;
        var report = await RunAsync("worker SIGKILL (2 workers)", () =>
        {
            platform.Host("worker-1").Kill();
            killedAt = DateTimeOffset.UtcNow;
            return Task.CompletedTask;
        });

        report.AssertInvariants();
        // Requests running when the worker died either succeeded on the other worker or ended within 5 s.
        var late = report.Results.Where(result => result.Started < killedAt && result.Ended > killedAt
            && !result.Succeeded && result.Ended - killedAt > TimeSpan.FromSeconds(5)).ToList();
        Assert.True(late.Count == 0, $"{late.Count} requests of the killed worker ended more than 5 s after it died: " +
            string.Join(", ", late.Select(result => $"{result.Outcome} at +{(result.Ended - killedAt).TotalSeconds:F1} s")));
    }

    [Fact]
    public async Task PostgreSql_stopped_for_20_s_keeps_cached_keys_working_and_meters_everything_afterwards()
    {
        var report = await RunAsync("postgresql stopped 20 s", async () =>
        {
            await platform.Servers.StopServerAsync("postgres");
            await Task.Delay(TimeSpan.FromSeconds(20));
            await platform.Servers.StartServerAsync("postgres");
        });

        report.AssertInvariants();
    }

    [Fact]
    public async Task Redis_stopped_for_10_s_and_restarted_empty_rebuilds_the_quota_from_the_ledger()
    {
        var report = await RunAsync("redis stopped 10 s, empty", async () =>
        {
            await platform.Servers.StopServerAsync("redis");
            await Task.Delay(TimeSpan.FromSeconds(10));
            await platform.Servers.StartServerAsync("redis");
        });

        report.AssertInvariants();
    }

    [Fact]
    public async Task A_gateway_replica_killed_while_streaming_leaves_the_other_serving()
    {
        var report = await RunAsync("gateway SIGKILL (2 replicas)", () =>
        {
            platform.Host("gateway-1").Kill();
            return Task.CompletedTask;
        });

        report.AssertInvariants();
    }

    private async Task<ScenarioReport> RunAsync(string name, Func<Task> fault)
    {
        await platform.EnsureRunningAsync();
        var load = SteadyLoad.Start(platform, Clients, MaxTokens);
        await Task.Delay(SteadyBefore);
        var faultStart = DateTimeOffset.UtcNow;
        await fault();
        var faultEnd = DateTimeOffset.UtcNow;

        // Load goes on until a request sent after the fault succeeds (or a minute passes), then a little longer.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline;)
        {
            if (load.Results.Any(result => result.Succeeded && result.Started >= faultEnd))
            {
                break;
            }

            await Task.Delay(250);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await load.DisposeAsync();
        var report = await ScenarioReport.CollectAsync(platform, name, load.Results, faultStart, faultEnd);
        var table = $"{ScenarioReport.Header}\n{report.Row}";
        output.WriteLine(table);
        await File.AppendAllTextAsync(Path.Combine(platform.LogFolder, "table.txt"), report.Row + "\n");
        Console.WriteLine(table);
        return report;
    }
}
