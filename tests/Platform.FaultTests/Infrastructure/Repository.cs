namespace Platform.FaultTests.Infrastructure;

/// <summary>Finds the repository and the hosts' build output beside this test assembly's configuration.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this assembly was built in (the hosts are built in the same one).</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name is { Length: > 0 } name ? name : "Release";

    public static string HostAssembly(string projectFolder, string assemblyName)
    {
        var folder = Path.Combine(Root, projectFolder, "bin", Configuration);
        var found = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, assemblyName + ".dll", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException($"{assemblyName}.dll is not built under {folder}; build the solution first.");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
