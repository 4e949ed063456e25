using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Tests.Data;

namespace Platform.Gateway.Tests.ApiKeys;

public sealed class ApiKeyValidatorTests : IAsyncLifetime
{
    private readonly KeyLookupCounter _lookups = new();
    private TemporaryGatewayStore _store = null!;
    private ServiceProvider _services = null!;
    private ApiKeyValidator _validator = null!;

    public async Task InitializeAsync()
    {
        _store = await TemporaryGatewayStore.CreateAsync();
        _services = new ServiceCollection()
            .AddKeyValidationDependencies(_store, _lookups, options => options.KeyCacheSize = 100)
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<KeyUsageTracker>()
            .AddSingleton<ApiKeyValidator>()
            .BuildServiceProvider();
        await _services.GetRequiredService<ApiKeyHasher>().StartAsync(CancellationToken.None);
        _validator = _services.GetRequiredService<ApiKeyValidator>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Unknown_prefix_costs_one_lookup_however_often_and_concurrently_it_is_presented()
    {
        _lookups.Latency = TimeSpan.FromMilliseconds(50);
        var keys = Enumerable.Range(0, 40).Select(_ => ApiKeyFormat.NewKey()).ToList();

        await Task.WhenAll(keys.SelectMany(key => Enumerable.Repeat(key, 5)).Select(key => _validator.ValidateAsync(key, CancellationToken.None).AsTask()));
        foreach (var key in keys)
        {
            Assert.Null(await _validator.ValidateAsync(key, CancellationToken.None));
        }

        Assert.Equal(keys.Count, _lookups.Count);
    }

    [Fact]
    public async Task Key_cache_holds_at_most_its_size_however_many_random_keys_come_and_a_real_key_still_validates()
    {
        var key = await GatewayKeyServices.IssueKeyAsync(_store, _services.GetRequiredService<ApiKeyHasher>());

        for (var i = 0; i < 300; i++)
        {
            await _validator.ValidateAsync(ApiKeyFormat.NewKey(), CancellationToken.None);
            Assert.InRange(_validator.CachedPrefixes, 0, 100);
        }

        Assert.Equal("acme", (await _validator.ValidateAsync(key, CancellationToken.None))?.TenantId);
    }

    [Fact]
    public async Task Prefix_found_unknown_is_looked_up_again_once_the_short_negative_entry_expires()
    {
        _validator.UnknownFor = TimeSpan.FromMilliseconds(300);
        var key = ApiKeyFormat.NewKey();
        Assert.Null(await _validator.ValidateAsync(key, CancellationToken.None));
        Assert.Null(await _validator.ValidateAsync(key, CancellationToken.None));
        Assert.Equal(1, _lookups.Count);

        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.Null(await _validator.ValidateAsync(key, CancellationToken.None));

        Assert.Equal(2, _lookups.Count);
    }
}
