using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Tests.Shared;

/// <summary>
/// Which top-level folders of a C# project use which, read from its source: a folder uses another when one of its files
/// has a using directive for the other's namespace, names it qualified (<c>Root.Other.Type</c> or <c>Other.Type</c>), or,
/// for the project's root folder, names one of the root's types (visible without a using from every namespace below it).
/// Comments count only through their cref attributes, string literals not at all.
/// </summary>
internal sealed partial class FolderDependencies
{
    public const string Root = "(root)";

    private FolderDependencies(SortedDictionary<string, SortedSet<string>> uses) => Uses = uses;

    /// <summary>Each folder and the folders it uses (never itself).</summary>
    public SortedDictionary<string, SortedSet<string>> Uses { get; }

    public static FolderDependencies Read(string projectDirectory, string rootNamespace)
    {
        var files = Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Select(path => (Folder: FolderOf(projectDirectory, path), Path: path))
            .Where(file => file.Folder is not ("obj" or "bin"))
            .Select(file => (file.Folder, Code: CodeOnly(File.ReadAllText(file.Path))))
            .ToList();
        var declared = files
            .GroupBy(file => file.Folder)
            .ToDictionary(group => group.Key, group => group.SelectMany(file => TypeDeclaration().Matches(file.Code).Select(m => m.Groups[1].Value)).ToHashSet());
        var folders = declared.Keys.Where(folder => folder != Root).ToHashSet();
        var uses = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (folder, code) in files)
        {
            var used = uses.TryGetValue(folder, out var set) ? set : uses[folder] = new SortedSet<string>(StringComparer.Ordinal);
            var prefix = Regex.Escape(rootNamespace) + @"\.(\w+)";
            foreach (Match match in Regex.Matches(code, @"\busing\s+(?:static\s+)?(?:\w+\s*=\s*)?" + prefix))
            {
                used.Add(match.Groups[1].Value);
            }

            foreach (Match match in Regex.Matches(code, @"\b" + prefix + @"\."))
            {
                used.Add(match.Groups[1].Value);
            }

            foreach (Match match in QualifiedName().Matches(code))
            {
                var (qualifier, name) = (match.Groups[1].Value, match.Groups[2].Value);
                if (folders.Contains(qualifier) && declared[qualifier].Contains(name))
                {
                    used.Add(qualifier);
                }
            }

            if (folder != Root && declared.TryGetValue(Root, out var rootTypes)
                && Identifier().Matches(code).Any(m => rootTypes.Contains(m.Value)))
            {
                used.Add(Root);
            }

            used.IntersectWith(folders.Append(Root));
            used.Remove(folder);
        }

        return new FolderDependencies(uses);
    }

    /// <summary>A path around a cycle (first folder repeated at the end), or null when there is none.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in Uses.Keys)
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<string>? Visit(string folder)
        {
            switch (state.GetValueOrDefault(folder))
            {
                case 1:
                    return [.. path[path.IndexOf(folder)..], folder];
                case 2:
                    return null;
            }

            state[folder] = 1;
            path.Add(folder);
            foreach (var next in Uses.GetValueOrDefault(folder) ?? [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[folder] = 2;
            return null;
        }
    }

    /// <summary>One line per folder: <c>Engine -> Sampling, Tokenization</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (folder, used) in Uses)
        {
            text.Append(folder).Append(" -> ").AppendLine(used.Count == 0 ? "(nothing)" : string.Join(", ", used));
        }

        return text.ToString();
    }

    private static string FolderOf(string projectDirectory, string path)
    {
        var relative = Path.GetRelativePath(projectDirectory, path).Split(Path.DirectorySeparatorChar);
        return relative.Length == 1 ? Root : relative[0];
    }

    private static string CodeOnly(string source)
    {
        var withoutRawStrings = RawString().Replace(source, "\"\"");
        var lines = withoutRawStrings.Split('\n').Select(line =>
        {
            var code = StringLiteral().Replace(line, "\"\"");
            var comment = code.IndexOf("//", StringComparison.Ordinal);
            return comment < 0
                ? code
                : code[..comment] + " " + string.Join(" ", Cref().Matches(line).Select(m => m.Groups[1].Value));
        });
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"^\s*(?:(?:public|internal|private|protected|static|sealed|abstract|partial|readonly|unsafe|file)\s+)*(?:class|record(?:\s+struct)?|struct|interface|enum)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex("\"\"\".*?\"\"\"", RegexOptions.Singleline)]
    private static partial Regex RawString();

    [GeneratedRegex("@?\\$?\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("cref=\"([^\"]+)\"")]
    private static partial Regex Cref();
}
