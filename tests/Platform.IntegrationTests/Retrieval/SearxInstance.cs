using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.IntegrationTests.Retrieval;

/// <summary>
/// A real searx 1.1.0 (Debian package <c>searx</c>, installed by <c>infra/local-servers.sh</c>) on loopback, started
/// through <c>infra/local-servers.sh searx</c> with one engine: searx's <c>json_engine</c> pointed at a local site.
/// </summary>
public sealed class SearxInstance : IAsyncDisposable
{
    private readonly Process _process;

    private SearxInstance(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static SearxInstance Start(string searchUrlTemplate)
    {
        var port = FreePort();
        var script = Path.Combine(RepositoryRoot(), "infra", "local-servers.sh");
        var start = new ProcessStartInfo("bash", [script, "searx", port.ToString(System.Globalization.CultureInfo.InvariantCulture), searchUrlTemplate])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PLATFORM_SEARX_TIMEOUT"] = "900" }, // it stops by itself even if the test run is killed
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start searx.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SearxInstance(process, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Waits until searx answers a JSON search (its Python start-up takes seconds).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Assert.False(_process.HasExited, $"searx exited with {(_process.HasExited ? _process.ExitCode : 0)}; is the searx package installed (infra/local-servers.sh start)?");
            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/search?q=ready&format=json"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"searx did not answer on {Endpoint} within {timeout}.");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Platform.sln) was not found above the test output.");
    }
}
