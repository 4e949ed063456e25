using System.Globalization;

namespace Platform.ModelWorker.Models;

/// <summary>
/// The process's resident memory split as Linux reports it in /proc/self/status: anonymous pages (heap, prepacked
/// weights) and file-backed pages (memory-mapped weights, which the kernel can drop and re-read). Elsewhere only the
/// total working set is known, reported as anonymous.
/// </summary>
internal readonly record struct ProcessMemory(long AnonymousBytes, long FileBytes)
{
    public long ResidentBytes => AnonymousBytes + FileBytes;

    public static ProcessMemory Current()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return new ProcessMemory(Environment.WorkingSet, 0);
        }

        long anonymous = 0, file = 0, shared = 0;
        foreach (var line in File.ReadLines(status))
        {
            anonymous = Field(line, "RssAnon:") ?? anonymous;
            file = Field(line, "RssFile:") ?? file;
            shared = Field(line, "RssShmem:") ?? shared;
        }

        return new ProcessMemory(anonymous + shared, file);
    }

    private static long? Field(string line, string name) =>
        line.StartsWith(name, StringComparison.Ordinal)
        && long.TryParse(line.AsSpan(name.Length).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes)
            ? kilobytes * 1024
            : null;
}
