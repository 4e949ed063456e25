using Platform.Tests.Shared;

namespace Platform.Gateway.Tests;

/// <summary>The gateway's folders are one-way: the API layer uses limits and streaming, never the other way round.</summary>
public sealed class FolderDependencyTests
{
    private static readonly FolderDependencies Graph = FolderDependencies.Read(LibraryDirectory(), "Platform.Gateway");

    [Fact]
    public void No_gateway_folder_uses_a_folder_that_uses_it_back()
    {
        var cycle = Graph.FindCycle();
        Assert.True(cycle is null, $"Folder cycle {string.Join(" -> ", cycle ?? [])} in:\n{Graph}");
    }

    [Theory]
    [InlineData("Limits", "Apis")]
    [InlineData("Limits", "Http")]
    [InlineData("Streaming", "Apis")]
    [InlineData("Http", "Apis")]
    [InlineData("Data", "Metering")]
    public void Lower_layer_does_not_reach_up(string lower, string upper) => Assert.DoesNotContain(upper, Graph.Uses[lower]);

    private static string LibraryDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var library = Path.Combine(directory.FullName, "gateway", "Platform.Gateway");
            if (File.Exists(Path.Combine(library, "Platform.Gateway.csproj")))
            {
                return library;
            }
        }

        throw new DirectoryNotFoundException($"No gateway/Platform.Gateway above {AppContext.BaseDirectory}.");
    }
}
