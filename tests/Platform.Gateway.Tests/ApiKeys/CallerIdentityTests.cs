using Platform.Gateway.ApiKeys;

namespace Platform.Gateway.Tests.ApiKeys;

public sealed class CallerIdentityTests
{
    [Fact]
    public void Key_stored_with_no_scopes_has_none()
    {
        var caller = new CallerIdentity("acme", "key-1", []);

        Assert.All(ApiKeyScopes.All, scope => Assert.False(caller.HasScope(scope)));
    }

    [Fact]
    public void Key_has_exactly_the_scopes_it_was_given()
    {
        var caller = new CallerIdentity("acme", "key-1", ["chat"]);

        Assert.True(caller.HasScope("chat"));
        Assert.False(caller.HasScope("completions"));
        Assert.False(caller.HasScope("events"));
    }
}
