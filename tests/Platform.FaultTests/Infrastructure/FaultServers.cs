using System.Diagnostics;

namespace Platform.FaultTests.Infrastructure;

/// <summary>
/// PostgreSQL, Redis and RabbitMQ of the suite's own, started by <c>infra/local-servers.sh</c> in a state folder no
/// other test uses, so that stopping them disturbs nothing else. A watchdog stops them if this process dies first.
/// With <c>PLATFORM_FAULT_SERVERS_DIR</c> set, the servers of that state folder are used (started if need be) and
/// left running: for running the suite again and again while working on it.
/// </summary>
internal sealed class FaultServers : IAsyncDisposable
{
    private static readonly string? Reused = Environment.GetEnvironmentVariable("PLATFORM_FAULT_SERVERS_DIR") is { Length: > 0 } dir ? dir : null;
    private readonly string _state = Reused ?? Path.Combine(Path.GetTempPath(), $"platform-faults-{Guid.NewGuid():N}"[..32]);
    private readonly Dictionary<string, string> _exports = [];

    public string Postgres => _exports["PLATFORM_TEST_POSTGRES"];
    public string Redis => _exports["PLATFORM_TEST_REDIS"];
    public string RabbitMq => _exports["PLATFORM_TEST_RABBITMQ"];

    public async Task StartAsync()
    {
        string output;
        try
        {
            output = await RunAsync("start", TimeSpan.FromMinutes(4));
        }
        catch (InvalidOperationException)
        {
            // RabbitMQ's first boot on a loaded machine sometimes stops before it is up; the script cleans up, so once more.
            output = await RunAsync("start", TimeSpan.FromMinutes(4));
        }

        foreach (var line in output.Split('\n'))
        {
            // export NAME='value'
            if (line.StartsWith("export ", StringComparison.Ordinal) && line.IndexOf('=') is > 7 and var equals)
            {
                _exports[line[7..equals]] = line[(equals + 1)..].Trim().Trim('\'');
            }
        }

        if (Reused is null)
        {
            Watchdog.StopWhenThisProcessEnds($"PLATFORM_SERVERS_DIR='{_state}' '{Script}' stop");
        }
    }

    public Task StopServerAsync(string name) => RunAsync($"stop-server {name}", TimeSpan.FromSeconds(60));

    public async Task StartServerAsync(string name)
    {
        try
        {
            await RunAsync($"start-server {name}", TimeSpan.FromMinutes(3));
        }
        catch (InvalidOperationException)
        {
            // A broker restarted right after a kill sometimes never opens its port on a slow machine: kill it and boot once more.
            await RunAsync($"stop-server {name}", TimeSpan.FromMinutes(1));
            await RunAsync($"start-server {name}", TimeSpan.FromMinutes(3));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Reused is null)
        {
            await RunAsync("stop", TimeSpan.FromSeconds(60));
        }
    }

    private static string Script => Path.Combine(Repository.Root, "infra", "local-servers.sh");

    private async Task<string> RunAsync(string arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", $"-c \"'{Script}' {arguments}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PLATFORM_SERVERS_DIR"] = _state },
        };
        // Ports of their own: the suite's servers must not take the defaults other tests' servers look for first.
        start.Environment["PLATFORM_POSTGRES_PORT"] = "35432";
        start.Environment["PLATFORM_REDIS_PORT"] = "36379";
        start.Environment["PLATFORM_RABBITMQ_PORT"] = "35672";
        start.Environment["PLATFORM_RABBITMQ_MANAGEMENT_PORT"] = "35673";
        start.Environment["PLATFORM_RABBITMQ_DIST_PORT"] = "35674";
        start.Environment["PLATFORM_EPMD_PORT"] = "34369";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"local-servers.sh {arguments} took over {timeout}: {await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local-servers.sh {arguments} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}
