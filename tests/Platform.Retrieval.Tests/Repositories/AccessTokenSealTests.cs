using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Retrieval;
using Platform.Retrieval.Repositories;
using Platform.Retrieval.Tests.Indexing;

namespace Platform.Retrieval.Tests.Repositories;

public sealed class AccessTokenSealTests
{
    private const string Token = "ghp_s3cretTokenThatMustNeverReachTheDisk";

    [Fact]
    public async Task A_registered_access_token_never_reaches_the_disk_in_the_clear_and_still_opens_after_a_restart()
    {
        using var data = new TemporaryFolder();
        var remote = BareRepository.Create(Path.Combine(data.Path, "remote.git"));
        remote.Commit(new Dictionary<string, string?> { ["a.py"] = "def first():\n    return 1\n" });
        var service = Path.Combine(data.Path, "service");
        string id;
        await using (var host = await RetrievalHost.StartAsync(service))
        {
            var registered = Assert.IsType<RepositoryFound>(await host.Repositories.RegisterAsync(
                new RegisterRepository { TenantId = "tenant-a", Name = "private", GitUrl = remote.Url, AccessToken = Token }, CancellationToken.None));
            id = registered.Repository.Id;
            Assert.Equal("ready", (await host.WaitUntilIndexedAsync("tenant-a", id)).Indexing.State);
        }

        foreach (var file in Directory.EnumerateFiles(service, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Token, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }

        // After a restart the same key unseals it: a sync that needs the token still succeeds.
        remote.Commit(new Dictionary<string, string?> { ["b.py"] = "def second():\n    return 2\n" });
        await using (var host = await RetrievalHost.StartAsync(service))
        {
            Assert.IsType<RepositoryFound>(await host.Repositories.SyncAsync("tenant-a", id, CancellationToken.None));
            var synced = await host.WaitUntilIndexedAsync("tenant-a", id);
            Assert.Equal("ready", synced.Indexing.State);
            Assert.Equal(2, synced.Indexing.Files);
        }
    }

    [Fact]
    public async Task A_sealed_token_opens_only_for_its_own_tenant_and_repository_and_not_once_tampered_with()
    {
        using var data = new TemporaryFolder();
        await using var host = await RetrievalHost.StartAsync(data.Path);
        var seal = host.Host.Services.GetRequiredService<AccessTokenSeal>();

        var sealedToken = seal.Seal(Token, "tenant-a", "repo_1");

        Assert.Equal(Token, seal.Unseal(sealedToken, "tenant-a", "repo_1"));
        Assert.Null(seal.Unseal(sealedToken, "tenant-b", "repo_1"));
        Assert.Null(seal.Unseal(sealedToken, "tenant-a", "repo_2"));
        var bytes = Convert.FromBase64String(sealedToken["v1:".Length..]);
        bytes[^1] ^= 1;
        Assert.Null(seal.Unseal("v1:" + Convert.ToBase64String(bytes), "tenant-a", "repo_1"));
        Assert.NotEqual(sealedToken, seal.Seal(Token, "tenant-a", "repo_1")); // a fresh nonce each time
    }
}
