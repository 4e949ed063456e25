using Platform.Contracts.Retrieval;
using Platform.Retrieval.Tests.Indexing;

namespace Platform.Retrieval.Tests.Search;

public sealed class TenantIsolationTests
{
    [Fact]
    public async Task No_query_returns_another_tenants_chunk()
    {
        using var data = new TemporaryFolder();
        await using var host = await RetrievalHost.StartAsync(data.Path);
        var alpha = await PushIndexingTests.RegisterPushAsync(host, "alpha", "shared-name");
        var beta = await PushIndexingTests.RegisterPushAsync(host, "beta", "shared-name");
        await host.Repositories.PushAsync(new PushRepositoryFiles
        {
            TenantId = "alpha", RepositoryId = alpha,
            Files = [new PushedFile("secret.py", "def alpha_secret_formula():\n    return 'alpha recipe'\n", null)],
        }, CancellationToken.None);
        await host.Repositories.PushAsync(new PushRepositoryFiles
        {
            TenantId = "beta", RepositoryId = beta,
            Files = [new PushedFile("secret.py", "def beta_secret_formula():\n    return 'beta recipe'\n", null)],
        }, CancellationToken.None);
        await host.WaitUntilIndexedAsync("alpha", alpha);
        await host.WaitUntilIndexedAsync("beta", beta);

        foreach (var query in new[] { "beta_secret_formula", "secret formula recipe", "beta", "secret.py", "def" })
        {
            var hits = (await host.SearchAsync("alpha", query, topK: 50)).Hits;
            Assert.All(hits, hit => Assert.Equal(alpha, hit.RepositoryId));
            Assert.DoesNotContain(hits, hit => hit.Text.Contains("beta", StringComparison.Ordinal));
        }

        // Naming the other tenant's repository id is the same as naming nothing that exists.
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.SearchAsync("alpha", "secret", [beta]));
        Assert.IsType<RetrievalRefused>(await host.Repositories.GetAsync("alpha", beta, CancellationToken.None));
        Assert.IsType<RetrievalRefused>(await host.Repositories.DeleteAsync("alpha", beta, CancellationToken.None));
        Assert.IsType<RetrievalRefused>(await host.Repositories.PushAsync(new PushRepositoryFiles { TenantId = "alpha", RepositoryId = beta }, CancellationToken.None));
    }
}
