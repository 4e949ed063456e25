using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Platform.IntegrationTests.Embedded;

/// <summary>
/// The embedded platform run as its own process, exactly as the README's run command does, on a free port and a
/// data directory of the test's choosing. Standard output is captured to read the URL and the bootstrap key.
/// </summary>
public sealed partial class EmbeddedPlatformProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private EmbeddedPlatformProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => { if (line.Data is not null) { _output.Enqueue(line.Data); } };
        _process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { _output.Enqueue(line.Data); } };
    }

    public Uri BaseAddress { get; private set; } = null!;
    public string? PrintedApiKey { get; private set; }
    public string? PrintedAdminToken { get; private set; }
    public string Output => string.Join('\n', _output);

    /// <param name="environment">The ASP.NET Core environment; Development turns on DI scope and build validation.</param>
    public static async Task<EmbeddedPlatformProcess> StartAsync(string dataDirectory, string environment = "Production")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(EmbeddedAssemblyPath());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["PLATFORM_DATA_DIR"] = dataDirectory;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var platform = new EmbeddedPlatformProcess(Process.Start(start)!);
        platform._process.BeginOutputReadLine();
        platform._process.BeginErrorReadLine();
        await platform.WaitUntilRunningAsync(TimeSpan.FromSeconds(90));
        return platform;
    }

    private async Task WaitUntilRunningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The embedded platform exited with {_process.ExitCode}:\n{Output}");
            }

            var lines = _output.ToArray();
            PrintedApiKey ??= lines.Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("sk-plat-", StringComparison.Ordinal));
            PrintedAdminToken ??= lines.Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("sk-admin-", StringComparison.Ordinal));
            var running = lines.Select(line => RunningAt().Match(line)).FirstOrDefault(match => match.Success);
            if (running is not null)
            {
                BaseAddress = new Uri(running.Groups["url"].Value);
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The embedded platform did not report its address within {timeout}:\n{Output}");
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

    /// <summary>The host's build output, in the same configuration as this test assembly.</summary>
    private static string EmbeddedAssemblyPath()
    {
        var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput)) ?? "Release"; // …/bin/<Configuration>/net10.0
        var root = new DirectoryInfo(testOutput);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test output."),
            "services", "embedded", "bin", configuration, "net10.0", "Platform.Embedded.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first.", path);
    }

    [GeneratedRegex(@"running at (?<url>http://[^\s,]+)")]
    private static partial Regex RunningAt();
}
