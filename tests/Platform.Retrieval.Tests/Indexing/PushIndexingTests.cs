using Platform.Contracts.Retrieval;

namespace Platform.Retrieval.Tests.Indexing;

public sealed class PushIndexingTests
{
    [Fact]
    public async Task Pushed_files_are_indexed_and_an_unchanged_file_costs_nothing()
    {
        using var data = new TemporaryFolder();
        await using var host = await RetrievalHost.StartAsync(data.Path);
        var repository = await RegisterPushAsync(host, "tenant-push", "laptop");
        var files = new[]
        {
            new PushedFile("lib/tax.go", "package lib\n\nfunc ComputeSalesTax(amount float64) float64 {\n\treturn amount * 0.2\n}\n", null),
            new PushedFile("lib/names.go", "package lib\n\nfunc NormalizeCustomerName(name string) string {\n\treturn name\n}\n", null),
        };

        var first = Assert.IsType<RepositoryFilesAccepted>(await host.Repositories.PushAsync(
            new PushRepositoryFiles { TenantId = "tenant-push", RepositoryId = repository, Files = files }, CancellationToken.None));
        Assert.Equal(2, first.Accepted);
        var ready = await host.WaitUntilIndexedAsync("tenant-push", repository);
        Assert.Equal(2, ready.Indexing.Files);
        Assert.Equal("lib/tax.go", (await host.SearchAsync("tenant-push", "compute sales tax")).Hits[0].Path);

        var again = Assert.IsType<RepositoryFilesAccepted>(await host.Repositories.PushAsync(
            new PushRepositoryFiles { TenantId = "tenant-push", RepositoryId = repository, Files = files }, CancellationToken.None));
        Assert.Equal((0, 2), (again.Accepted, again.Unchanged));

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(files[0].Content!)));
        var byHash = Assert.IsType<RepositoryFilesAccepted>(await host.Repositories.PushAsync(new PushRepositoryFiles
        {
            TenantId = "tenant-push",
            RepositoryId = repository,
            Files = [new PushedFile("lib/tax.go", null, hash), new PushedFile("lib/new.go", null, new string('a', 64))],
        }, CancellationToken.None));
        Assert.Equal(1, byHash.Unchanged);
        Assert.Equal(["lib/new.go"], byHash.Missing);
    }

    [Fact]
    public async Task A_pushed_deletion_removes_the_files_chunks()
    {
        using var data = new TemporaryFolder();
        await using var host = await RetrievalHost.StartAsync(data.Path);
        var repository = await RegisterPushAsync(host, "tenant-push", "laptop");
        await host.Repositories.PushAsync(new PushRepositoryFiles
        {
            TenantId = "tenant-push",
            RepositoryId = repository,
            Files = [new PushedFile("a.py", "def quarantine_sample(x):\n    return x\n", null), new PushedFile("b.py", "def keep_me():\n    pass\n", null)],
        }, CancellationToken.None);
        await host.WaitUntilIndexedAsync("tenant-push", repository);

        var deleted = Assert.IsType<RepositoryFilesAccepted>(await host.Repositories.PushAsync(
            new PushRepositoryFiles { TenantId = "tenant-push", RepositoryId = repository, Deleted = ["a.py"] }, CancellationToken.None));
        Assert.Equal(1, deleted.Deleted);
        var status = await host.WaitUntilIndexedAsync("tenant-push", repository);

        Assert.Equal(1, status.Indexing.Files);
        Assert.DoesNotContain((await host.SearchAsync("tenant-push", "quarantine_sample")).Hits, hit => hit.Path == "a.py");
    }

    [Fact]
    public async Task Indexing_cut_short_by_a_restart_resumes_and_completes()
    {
        using var data = new TemporaryFolder();
        var files = Enumerable.Range(0, 130).Select(index => new PushedFile($"pkg/module{index}.py",
            $"def handler_{index}(request):\n    \"\"\"Handles case {index}.\"\"\"\n    value = request.get('k{index}')\n    return value * {index}\n\n\nclass Worker{index}:\n    def run(self):\n        return handler_{index}(self)\n", null)).ToArray();
        string repository;
        await using (var first = await RetrievalHost.StartAsync(data.Path))
        {
            repository = await RegisterPushAsync(first, "tenant-restart", "big");
            await first.Repositories.PushAsync(new PushRepositoryFiles { TenantId = "tenant-restart", RepositoryId = repository, Files = files }, CancellationToken.None);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Assert.IsType<RepositoryFound>(await first.Repositories.GetAsync("tenant-restart", repository, CancellationToken.None)).Repository.Indexing is { State: not "indexing" }
                   && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }
        } // stopped while indexing

        await using var second = await RetrievalHost.StartAsync(data.Path);
        var status = await second.WaitUntilIndexedAsync("tenant-restart", repository, TimeSpan.FromSeconds(240));

        Assert.Equal("ready", status.Indexing.State);
        Assert.True(status.Indexing.Resumed);
        Assert.Equal(130, status.Indexing.Files);
        Assert.Contains((await second.SearchAsync("tenant-restart", "handler_129")).Hits, hit => hit.Path == "pkg/module129.py");
    }

    internal static async Task<string> RegisterPushAsync(RetrievalHost host, string tenant, string name) =>
        Assert.IsType<RepositoryFound>(await host.Repositories.RegisterAsync(
            new RegisterRepository { TenantId = tenant, Name = name }, CancellationToken.None)).Repository.Id;
}
