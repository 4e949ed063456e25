using System.Diagnostics;

namespace Platform.Operations.Tests.Prometheus;

/// <summary>
/// Prometheus's own rule checker and unit-test runner (Debian package <c>prometheus</c>, which
/// <c>infra/local-servers.sh start</c> installs when run as root).
/// </summary>
internal static class Promtool
{
    public const string MissingMessage =
        "promtool is not installed: `apt-get install -y prometheus` (infra/local-servers.sh start does it as root).";

    private static readonly Lazy<string?> Location = new(() => Locate("promtool"));

    public static string? PathOrNull => Location.Value;

    /// <summary>A program of the Debian package on PATH (promtool, prometheus), or null.</summary>
    public static string? Locate(string program) => Environment.GetEnvironmentVariable("PATH")?
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, program))
        .FirstOrDefault(File.Exists);

    /// <summary>CI sets CI=true; there a missing tool is a failure, not a skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs promtool in <paramref name="workingDirectory"/> and returns its exit code and combined output.</summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var path = PathOrNull ?? throw new InvalidOperationException(MissingMessage);
        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill();
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} ran over 3 minutes.");
        }

        return (process.ExitCode, output + error.Result);
    }
}

/// <summary>A fact that needs promtool: skipped with the reason where it is missing, except in CI, where it fails.</summary>
internal sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.PathOrNull is null && !Promtool.InCi)
        {
            Skip = Promtool.MissingMessage;
        }
    }
}

/// <summary>A fact that needs the Prometheus server (same package as promtool): skipped where it is missing, except in CI.</summary>
internal sealed class PrometheusServerFactAttribute : FactAttribute
{
    public PrometheusServerFactAttribute()
    {
        if (Promtool.Locate("prometheus") is null && !Promtool.InCi)
        {
            Skip = Promtool.MissingMessage.Replace("promtool is", "prometheus is", StringComparison.Ordinal);
        }
    }
}
