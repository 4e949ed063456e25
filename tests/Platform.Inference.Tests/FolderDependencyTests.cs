using Platform.Tests.Shared;
using Xunit.Abstractions;

namespace Platform.Inference.Tests;

/// <summary>
/// Platform.Inference is folded by layer, each usable alone: a folder may use only folders below it, so no folder uses
/// another that uses it back, and no layer uses the root (the public façade).
/// </summary>
public sealed class FolderDependencyTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>What each folder may use: the layers below it. Anything else, a cycle included, fails.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Tokenization"] = [],
        ["Graphs"] = [],
        ["Sampling"] = ["Tokenization"],
        ["Engine"] = ["Sampling", "Tokenization"],
        ["Runners"] = ["Engine", "Graphs"],
        ["Import"] = ["Graphs", "Tokenization"],
        ["TinyModel"] = ["Graphs", "Sampling", "Tokenization"],
        [FolderDependencies.Root] = ["Engine", "Graphs", "Runners", "Tokenization"],
    };

    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"folder-dependencies-{Guid.NewGuid():N}");

    [Fact]
    public void No_folder_uses_one_that_uses_it_back()
    {
        var graph = FolderDependencies.Read(ProjectDirectory(), "Platform.Inference");
        output.WriteLine(graph.ToString());

        var cycle = graph.FindCycle();

        Assert.True(cycle is null, $"Folder cycle {string.Join(" -> ", cycle ?? [])} in:\n{graph}");
    }

    [Fact]
    public void Each_folder_uses_only_the_layers_below_it()
    {
        var graph = FolderDependencies.Read(ProjectDirectory(), "Platform.Inference");
        output.WriteLine(graph.ToString());

        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), graph.Uses.Keys);
        var unexpected = graph.Uses
            .SelectMany(entry => entry.Value.Except(Allowed[entry.Key]).Select(used => $"{entry.Key} -> {used}"))
            .ToList();
        Assert.True(unexpected.Count == 0, $"Not allowed: {string.Join("; ", unexpected)}. The graph:\n{graph}");
    }

    [Fact]
    public void Only_the_runners_touch_onnx_runtime()
    {
        var project = ProjectDirectory();
        var offenders = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => File.ReadAllText(path).Contains("using Microsoft.ML.OnnxRuntime", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(project, path))
            .Where(path => !path.StartsWith("Runners", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void A_cycle_through_usings_is_found()
    {
        Write("A/Alpha.cs", "using Sample.B;\nnamespace Sample.A;\ninternal sealed class Alpha { private Beta? _beta; }");
        Write("B/Beta.cs", "using Sample.A;\nnamespace Sample.B;\ninternal sealed class Beta { private Alpha? _alpha; }");
        Write("C/Gamma.cs", "using Sample.B;\nnamespace Sample.C;\ninternal sealed class Gamma { }");

        var graph = FolderDependencies.Read(_scratch, "Sample");

        Assert.Equal(["A", "B", "A"], graph.FindCycle());
    }

    [Fact]
    public void A_layer_naming_a_root_type_without_a_using_uses_the_root()
    {
        Write("Facade.cs", "using Sample.A;\nnamespace Sample;\npublic sealed class Facade { private Alpha? _alpha; }");
        Write("A/Alpha.cs", "namespace Sample.A;\n// Facade in a comment does not count; this does:\ninternal sealed class Alpha { private Facade? _facade; }");
        Write("B/Beta.cs", "namespace Sample.B;\n// Facade is only mentioned here\ninternal sealed class Beta { private string _name = \"Facade\"; }");

        var graph = FolderDependencies.Read(_scratch, "Sample");

        Assert.Equal([FolderDependencies.Root], graph.Uses["A"]);
        Assert.Empty(graph.Uses["B"]);
        Assert.NotNull(graph.FindCycle());
    }

    [Fact]
    public void An_acyclic_project_has_no_cycle()
    {
        Write("A/Alpha.cs", "using Sample.B;\nnamespace Sample.A;\ninternal sealed class Alpha { private Beta? _beta; }");
        Write("B/Beta.cs", "namespace Sample.B;\ninternal sealed class Beta { }");

        Assert.Null(FolderDependencies.Read(_scratch, "Sample").FindCycle());
    }

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    private void Write(string relativePath, string code)
    {
        var path = Path.Combine(_scratch, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, code);
    }

    private static string ProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "services", "model-worker", "Platform.Inference");
            if (File.Exists(Path.Combine(project, "Platform.Inference.csproj")))
            {
                return project;
            }
        }

        throw new DirectoryNotFoundException($"No services/model-worker/Platform.Inference above {AppContext.BaseDirectory}.");
    }
}
