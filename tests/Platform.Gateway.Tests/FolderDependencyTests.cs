using Platform.Tests.Shared;

namespace Platform.Gateway.Tests;

public sealed class FolderDependencyTests
{
    private static readonly string Library = Path.Combine(FolderDependencies.RepositoryRoot(), "gateway", "Platform.Gateway");

    [Fact]
    public void No_gateway_folder_uses_a_folder_that_uses_it_back()
    {
        var graph = FolderDependencies.Read(Library, "Platform.Gateway");
        var cycle = FolderDependencies.FindCycle(graph);
        Assert.True(cycle is null, $"Folder cycle {string.Join(" → ", cycle ?? [])} in{Environment.NewLine}{FolderDependencies.Describe(graph)}");
    }

    [Theory]
    [InlineData("Limits", "Apis")]
    [InlineData("Limits", "Http")]
    [InlineData("Streaming", "Apis")]
    [InlineData("Http", "Apis")]
    [InlineData("Data", "Metering")]
    public void Lower_layer_does_not_reach_up(string lower, string upper)
    {
        var graph = FolderDependencies.Read(Library, "Platform.Gateway");
        Assert.DoesNotContain(upper, graph[lower]);
    }

    [Fact]
    public void Cycle_finder_reports_a_two_way_dependency()
    {
        var graph = new Dictionary<string, SortedSet<string>>
        {
            ["Apis"] = ["Limits"],
            ["Limits"] = ["Apis"],
        };

        Assert.Equal(["Apis", "Limits", "Apis"], FolderDependencies.FindCycle(graph));
    }
}
