using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.Models.Benchmarks;

/// <summary>
/// The benchmark's side of one <see cref="ModelMeasurement"/> process: starts it on a folder, waits for its load
/// report, sends commands and reads one JSON line back for each, and ends it.
/// </summary>
internal sealed class ServedModel : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(20);
    private readonly Process _process;

    private ServedModel(Process process, JsonObject loaded)
    {
        _process = process;
        Loaded = loaded;
    }

    /// <summary>Load time and memory before and after the load.</summary>
    public JsonObject Loaded { get; }

    public static ServedModel Start(string folder, int threads, long kvPoolBytes)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(ServedModel).Assembly.Location, "serve", folder,
                     threads.ToString(CultureInfo.InvariantCulture), kvPoolBytes.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the measuring process.");
        try
        {
            return new ServedModel(process, ReadReply(process, folder));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    public JsonObject Send(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        return ReadReply(_process, command);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // Already gone.
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static JsonObject ReadReply(Process process, string what)
    {
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(CommandTimeout) || line.Result is not { } text)
        {
            throw new InvalidOperationException($"The measuring process gave no answer to '{what}'.");
        }

        return JsonNode.Parse(text)!.AsObject();
    }
}
