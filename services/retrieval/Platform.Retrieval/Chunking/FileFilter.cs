using Microsoft.Extensions.Options;

namespace Platform.Retrieval.Chunking;

/// <summary>Which files are worth indexing: not vendored, generated, binary or huge.</summary>
internal sealed class FileFilter(IOptions<RetrievalOptions> options)
{
    /// <summary>Why the file is skipped, or null when it is indexed.</summary>
    public string? SkipReason(string path, long size)
    {
        var settings = options.Value;
        if (size > settings.MaxFileBytes)
        {
            return "too large";
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var index = 0; index < parts.Length - 1; index++)
        {
            if (settings.SkipDirectories.Contains(parts[index], StringComparer.Ordinal))
            {
                return "vendored or build output";
            }
        }

        var name = parts.Length == 0 ? path : parts[^1];
        return settings.SkipFilePatterns.Any(pattern => Matches(name, pattern)) ? "generated" : null;
    }

    /// <summary>Binary content: a NUL byte in the first 8 KiB, as git decides.</summary>
    public static bool IsBinary(ReadOnlySpan<byte> content) => content[..Math.Min(content.Length, 8000)].Contains((byte)0);

    private static bool Matches(string name, string pattern)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(name, pattern, StringComparison.OrdinalIgnoreCase);
        }

        var position = 0;
        for (var index = 0; index < parts.Length; index++)
        {
            var part = parts[index];
            if (index == 0)
            {
                if (!name.StartsWith(part, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                position = part.Length;
            }
            else if (index == parts.Length - 1)
            {
                return name.Length - part.Length >= position && name.EndsWith(part, StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                var found = name.IndexOf(part, position, StringComparison.OrdinalIgnoreCase);
                if (found < 0)
                {
                    return false;
                }

                position = found + part.Length;
            }
        }

        return true;
    }
}
