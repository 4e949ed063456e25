using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// A three-node Redis Cluster on loopback (no replicas), started from the <c>redis-server</c> that
/// <c>infra/local-servers.sh</c> installs and stopped on dispose: the slots are assigned by hand and the nodes
/// introduced to each other, which takes about a second.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime
{
    private const int Nodes = 3;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"redis-cluster-{Guid.NewGuid():N}");
    private readonly List<Process> _servers = [];
    private readonly List<int> _ports = [];

    /// <summary>Every node, for StackExchange.Redis (which then follows the cluster's own map).</summary>
    public string ConnectionString => string.Join(',', _ports.Select(port => $"127.0.0.1:{port}"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        for (var node = 0; node < Nodes; node++)
        {
            var port = FreePortWithFreeBusPort();
            _ports.Add(port);
            _servers.Add(Start("redis-server", $"--port {port} --bind 127.0.0.1 --cluster-enabled yes " +
                $"--cluster-config-file {_directory}/nodes-{port}.conf --dir {_directory} --save \"\" --appendonly no " +
                "--cluster-node-timeout 5000 --loglevel warning"));
        }

        foreach (var port in _ports)
        {
            await UntilAsync(async () => (await CliAsync(port, "ping")).Contains("PONG", StringComparison.Ordinal), "answer PING");
        }

        const int slots = 16384;
        for (var node = 0; node < Nodes; node++)
        {
            await CliAsync(_ports[node], $"cluster addslotsrange {node * slots / Nodes} {(node + 1) * slots / Nodes - 1}");
            if (node > 0)
            {
                await CliAsync(_ports[0], $"cluster meet 127.0.0.1 {_ports[node]}");
            }
        }

        foreach (var port in _ports)
        {
            await UntilAsync(async () =>
            {
                var info = await CliAsync(port, "cluster info");
                return info.Contains("cluster_state:ok", StringComparison.Ordinal)
                    && info.Contains($"cluster_known_nodes:{Nodes}", StringComparison.Ordinal);
            }, "join the cluster");
        }
    }

    public Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
            server.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private static Process Start(string program, string arguments)
    {
        try
        {
            return Process.Start(new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"The Redis Cluster tests need {program} on the PATH (infra/local-servers.sh installs it): {exception.Message}", exception);
        }
    }

    private static async Task<string> CliAsync(int port, string command)
    {
        using var cli = Start("redis-cli", $"-h 127.0.0.1 -p {port} {command}");
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return output;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"A Redis Cluster node did not {what} within 20 s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A free port whose cluster bus port (port + 10000) is free too.</summary>
    private static int FreePortWithFreeBusPort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(20000, 45000);
            if (IsFree(port) && IsFree(port + 10000))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free port pair for a Redis Cluster node.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
