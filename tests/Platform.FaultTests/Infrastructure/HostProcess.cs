using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.FaultTests.Infrastructure;

/// <summary>
/// One platform host run as its own process (<c>dotnet Platform.X.Host.dll</c>) on a loopback port, its output kept in
/// a log file. It is killed with the test process at the latest (<see cref="Watchdog"/>).
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private HostProcess(string name, Process process, StreamWriter log, Uri address)
    {
        Name = name;
        _process = process;
        _log = log;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    public int Id => _process.Id;

    /// <summary>Set when the suite killed or stopped it on purpose: its exit is then expected.</summary>
    public bool Stopped { get; private set; }

    public bool HasExited => _process.HasExited;

    public string LogFile { get; private set; } = "";

    public static async Task<HostProcess> StartAsync(
        string name, string assembly, IReadOnlyDictionary<string, string> settings, string logFolder, TimeSpan readyWithin)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (var variable in new[] { "ConnectionStrings__postgres", "ConnectionStrings__redis", "ConnectionStrings__rabbitmq" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        Directory.CreateDirectory(logFolder);
        var logFile = Path.Combine(logFolder, $"{name}-{DateTime.UtcNow:HHmmss}.log");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Watchdog.StopWhenThisProcessEnds($"kill -9 {process.Id}");
        var host = new HostProcess(name, process, log, address) { LogFile = logFile };
        await host.WaitUntilReadyAsync(readyWithin);
        return host;
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, as when a node or container dies.</summary>
    public void Kill()
    {
        Stopped = true;
        _process.Kill();
    }

    /// <summary>SIGTERM, as Kubernetes and compose stop a container; waits for the exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan within)
    {
        Stopped = true;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Stopped = true;
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting; see {LogFile}.");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(Address, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Name} was not ready within {within}; see {LogFile}.");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
