using System.Text.RegularExpressions;

namespace Platform.Tests.Shared;

/// <summary>
/// Which folders of a library use which, read from its sources: a file in folder A uses folder B when it imports
/// (or fully qualifies) B's namespace. Used by architecture tests that keep a library's folders one-way.
/// </summary>
internal static partial class FolderDependencies
{
    /// <summary>Folder → folders it uses, for the library at <paramref name="projectDirectory"/> whose root namespace is <paramref name="rootNamespace"/>.</summary>
    public static SortedDictionary<string, SortedSet<string>> Read(string projectDirectory, string rootNamespace)
    {
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var reference = new Regex($@"\b{Regex.Escape(rootNamespace)}\.([A-Z][A-Za-z]*)\b");
        foreach (var file in Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(projectDirectory, file).Split(Path.DirectorySeparatorChar);
            if (relative.Length < 2 || relative[0] is "obj" or "bin" || relative.Contains("Migrations"))
            {
                continue;
            }

            var folder = relative[0];
            var uses = graph.TryGetValue(folder, out var known) ? known : graph[folder] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines(file))
            {
                if (line.TrimStart().StartsWith("namespace ", StringComparison.Ordinal) || line.TrimStart().StartsWith("///", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match match in reference.Matches(line))
                {
                    var used = match.Groups[1].Value;
                    if (used != folder && Directory.Exists(Path.Combine(projectDirectory, used)))
                    {
                        uses.Add(used);
                    }
                }
            }
        }

        return graph;
    }

    /// <summary>The folders of one cycle, or null when the graph has none.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        var path = new List<string>();
        foreach (var start in graph.Keys)
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<string>? Visit(string folder)
        {
            if (state.TryGetValue(folder, out var seen))
            {
                return seen == 1 ? [.. path.Skip(path.IndexOf(folder)), folder] : null;
            }

            state[folder] = 1;
            path.Add(folder);
            foreach (var used in graph.TryGetValue(folder, out var edges) ? edges : [])
            {
                if (Visit(used) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[folder] = 2;
            return null;
        }
    }

    public static string Describe(IReadOnlyDictionary<string, SortedSet<string>> graph) =>
        string.Join(Environment.NewLine, graph.Select(entry => $"{entry.Key} → {string.Join(", ", entry.Value)}"));

    /// <summary>The repository root: the nearest folder above the test binaries that holds Platform.sln.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("No Platform.sln above the test binaries.");
    }
}
