namespace Platform.Operations.Tests;

/// <summary>Paths in the repository the tests read.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("No Platform.sln above the test binaries.");
    });

    public static string Root => RootPath.Value;

    /// <summary>The absolute path of a repository-relative path written with '/'.</summary>
    public static string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Files under a repository folder matching a pattern, sorted, as repository-relative paths.</summary>
    public static IReadOnlyList<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(PathOf(folder), pattern, SearchOption.TopDirectoryOnly)
            .Select(file => Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
}
