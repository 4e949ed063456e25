using Platform.Gateway.ApiKeys;

namespace Platform.Gateway.Tests.ApiKeys;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void New_keys_carry_the_scannable_prefix_and_256_random_bits()
    {
        var key = ApiKeyFormat.NewKey();

        Assert.StartsWith("sk-plat-", key, StringComparison.Ordinal);
        Assert.Equal("sk-plat-".Length + 43, key.Length);
        Assert.True(ApiKeyFormat.LooksLikeKey(key));
        Assert.NotEqual(key, ApiKeyFormat.NewKey());
        Assert.Equal(16, ApiKeyFormat.PublicPrefix(key).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sk-other-aaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("sk-admin-aaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("sk-plat-short")]
    public void Strings_that_cannot_be_keys_are_refused_before_any_lookup(string candidate) =>
        Assert.False(ApiKeyFormat.LooksLikeKey(candidate));
}
