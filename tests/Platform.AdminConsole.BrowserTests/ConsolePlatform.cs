using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Platform.AdminConsole.BrowserTests;

/// <summary>
/// The embedded platform, console included, run as its own process as the README's run command does, on a free port
/// and a fresh data directory, with OpenID Connect pointed at the test's identity provider. Standard output gives
/// the address and the admin token printed at first start.
/// </summary>
public sealed partial class ConsolePlatform : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _dataDirectory;

    private ConsolePlatform(Process process, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        _process.OutputDataReceived += (_, line) => { if (line.Data is not null) { _output.Enqueue(line.Data); } };
        _process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { _output.Enqueue(line.Data); } };
    }

    public Uri BaseAddress { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    public string Output => string.Join('\n', _output);

    public static async Task<ConsolePlatform> StartAsync(TestIdentityProvider identityProvider)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("platform-console-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(EmbeddedAssemblyPath());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["PLATFORM_DATA_DIR"] = dataDirectory;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["AdminConsole__Oidc__Authority"] = identityProvider.Issuer;
        start.Environment["AdminConsole__Oidc__ClientId"] = TestIdentityProvider.ClientId;
        start.Environment["AdminConsole__Oidc__ClientSecret"] = TestIdentityProvider.ClientSecret;
        start.Environment["AdminConsole__Oidc__RoleClaim"] = "groups";
        start.Environment["AdminConsole__Oidc__RequireHttpsMetadata"] = "false";
        var platform = new ConsolePlatform(Process.Start(start)!, dataDirectory);
        platform._process.BeginOutputReadLine();
        platform._process.BeginErrorReadLine();
        await platform.WaitUntilRunningAsync(TimeSpan.FromSeconds(180));
        return platform;
    }

    public Uri Console(string path = "") => new(BaseAddress, "console/" + path);

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
            AdminToken = lines.Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("sk-admin-", StringComparison.Ordinal)) ?? "";
            var running = lines.Select(line => RunningAt().Match(line)).FirstOrDefault(match => match.Success);
            if (running is not null && AdminToken.Length > 0)
            {
                BaseAddress = new Uri(running.Groups["url"].Value.TrimEnd('/') + "/");
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
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary directory is the system's to clean.
        }
    }

    /// <summary>The host's build output, in the same configuration as this test assembly.</summary>
    private static string EmbeddedAssemblyPath()
    {
        var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput)) ?? "Release";
        var root = new DirectoryInfo(testOutput);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test output."),
            "services", "embedded", "bin", configuration, "net10.0", "Platform.Embedded.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the embedded host first.", path);
    }

    [GeneratedRegex(@"running at (?<url>http://[^\s,]+)")]
    private static partial Regex RunningAt();
}
