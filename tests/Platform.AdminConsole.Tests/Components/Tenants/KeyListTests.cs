using Bunit;
using Platform.AdminConsole.Components.Tenants;

namespace Platform.AdminConsole.Tests.Components.Tenants;

public sealed class KeyListTests(GatewayAdminApi gateway) : IClassFixture<GatewayAdminApi>
{
    [Fact]
    public async Task Issued_secret_is_shown_once_and_gone_after_it_is_dismissed()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        await context.Api.SaveTenantAsync("once", "Once", null);
        context.RenderProviders();
        var keys = context.Render<KeyList>(parameters => parameters.Add(p => p.TenantId, "once"));

        keys.WaitForElement("[data-testid=issue-key]").Click();
        var secret = keys.WaitForElement("[data-testid=issued-secret]").TextContent.Trim();

        Assert.StartsWith("sk-plat-", secret, StringComparison.Ordinal);
        var stored = Assert.Single(await context.Api.GetKeysAsync("once"));
        Assert.StartsWith(stored.Prefix, secret, StringComparison.Ordinal);
        keys.Find("[data-testid=dismiss-key]").Click();
        Assert.DoesNotContain(secret, keys.Markup, StringComparison.Ordinal);
        var again = context.Render<KeyList>(parameters => parameters.Add(p => p.TenantId, "once"));
        again.WaitForAssertion(() => Assert.Contains(stored.Prefix, again.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, again.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_asks_first_cancel_keeps_the_key_and_confirming_revokes_it()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        await context.Api.SaveTenantAsync("revoking", "Revoking", null);
        var issued = await context.Api.IssueKeyAsync("revoking", "ci", ["completions"], null);
        var dialogs = context.RenderProviders();
        var keys = context.Render<KeyList>(parameters => parameters.Add(p => p.TenantId, "revoking"));

        keys.WaitForElement($"[data-testid=revoke-{issued.Prefix}]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke key?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Cancel").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Revoke key?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Null(Assert.Single(await context.Api.GetKeysAsync("revoking")).RevokedAt);

        keys.Find($"[data-testid=revoke-{issued.Prefix}]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke key?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Revoke").Click();
        keys.WaitForAssertion(() => Assert.Equal("revoked", keys.Find($"[data-testid=key-status-{issued.Prefix}]").TextContent.Trim()));
        Assert.NotNull(Assert.Single(await context.Api.GetKeysAsync("revoking")).RevokedAt);
    }

    [Fact]
    public async Task A_key_needs_a_scope_before_it_is_issued()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        await context.Api.SaveTenantAsync("scopeless", "Scopeless", null);
        context.RenderProviders();
        var keys = context.Render<KeyList>(parameters => parameters.Add(p => p.TenantId, "scopeless"));

        foreach (var box in keys.WaitForElements("input[type=checkbox]"))
        {
            box.Change(false);
        }

        keys.Find("[data-testid=issue-key]").Click();

        keys.WaitForAssertion(() => Assert.Equal("Choose at least one scope.", keys.Find("[data-testid=scope-error]").TextContent.Trim()));
        Assert.Empty(await context.Api.GetKeysAsync("scopeless"));
    }
}
