using Microsoft.Extensions.Configuration;
using Platform.Gateway.ApiKeys;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Gateway.Tests.ApiKeys;

public sealed class ApiKeyHasherTests
{
    private sealed class FixedSecrets(string? pepper) : ISecretStore
    {
        public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(pepper);
    }

    private static async Task<ApiKeyHasher> StartedAsync(string? pepper, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var hasher = new ApiKeyHasher(new FixedSecrets(pepper), configuration);
        await hasher.StartAsync(CancellationToken.None);
        return hasher;
    }

    [Fact]
    public async Task Hash_is_keyed_by_the_pepper_and_never_contains_the_key()
    {
        var key = ApiKeyFormat.NewKey();
        var one = await StartedAsync("pepper-one");
        var two = await StartedAsync("pepper-two");

        Assert.Equal(one.Hash(key), one.Hash(key));
        Assert.NotEqual(one.Hash(key), two.Hash(key));
        Assert.NotEqual(one.Hash(key), one.Hash(key + "x"));
        Assert.Equal(64, one.Hash(key).Length);
        Assert.DoesNotContain(key[8..20], one.Hash(key), StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_compares_whole_hashes()
    {
        Assert.True(ApiKeyHasher.Matches("ab12", "ab12"));
        Assert.False(ApiKeyHasher.Matches("ab12", "ab13"));
        Assert.False(ApiKeyHasher.Matches("ab12", "ab1"));
    }

    [Fact]
    public async Task Distributed_gateway_without_a_pepper_refuses_to_start()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartedAsync(null, new() { ["ConnectionStrings:postgres"] = "Host=x" }));
        Assert.Contains("ApiKeyPepper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embedded_gateway_keeps_a_generated_pepper_across_restarts()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"pepper-{Guid.NewGuid():N}");
        try
        {
            var settings = new Dictionary<string, string?> { ["PLATFORM_DATA_DIR"] = directory };
            var first = await StartedAsync(null, settings);
            var second = await StartedAsync(null, settings);

            Assert.Equal(first.Hash("sk-plat-same-key-for-both-runs"), second.Hash("sk-plat-same-key-for-both-runs"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
