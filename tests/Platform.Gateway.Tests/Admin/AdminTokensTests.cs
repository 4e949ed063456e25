using Platform.Gateway.Admin;

namespace Platform.Gateway.Tests.Admin;

public sealed class AdminTokensTests
{
    private const string Token = "sk-admin-Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg";

    [Fact]
    public void Unconfigured_admin_tokens_match_nothing()
    {
        var tokens = new AdminTokens();

        Assert.False(tokens.Configured);
        Assert.False(tokens.Matches(Token));
        Assert.False(tokens.Matches(""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sk-admin-")]
    [InlineData(Token + " ")]
    [InlineData(" " + Token)]
    [InlineData("sk-admin-Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZw")]
    [InlineData("SK-ADMIN-Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg")]
    [InlineData("sk-admin-Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZgX")]
    public void Only_the_configured_token_matches(string presented)
    {
        var tokens = Configured(Token);

        Assert.True(tokens.Matches(Token));
        Assert.False(tokens.Matches(presented));
    }

    [Fact]
    public void A_tenant_key_never_matches_even_when_its_hash_is_configured()
    {
        const string tenantKey = "sk-plat-Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg";

        Assert.False(Configured(tenantKey).Matches(tenantKey));
    }

    [Fact]
    public void Hash_is_the_sha256_of_the_token_so_kept_hashes_stay_valid()
    {
        // The embedded gateway keeps this hash on disk: a different hash would lock its admin out after an upgrade.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(AdminTokens.Hash("abc")));
    }

    private static AdminTokens Configured(string token)
    {
        var tokens = new AdminTokens();
        tokens.Use(AdminTokens.Hash(token));
        return tokens;
    }
}
