using Bunit;
using Platform.AdminConsole.Tests.Components;
using Platform.AdminConsole.Components.Tenants;

namespace Platform.AdminConsole.Tests.Components.Tenants;

public sealed class KeyListTests(GatewayAdminApi gateway) : IClassFixture<GatewayAdminApi>
{
    [Fact]
    public async Task A_key_needs_a_scope_before_it_is_issued()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        await context.Api.SaveTenantAsync("scopeless", "Scopeless", null);
        context.RenderProviders();
        var keys = context.Render<KeyList>(parameters => parameters.Add(p => p.TenantId, "scopeless"));

        keys.WaitForElements("input[type=checkbox]");
        keys.ActOnAll("input[type=checkbox]", box => box.Change(false));

        keys.Act("[data-testid=issue-key]", element => element.Click());

        keys.WaitForAssertion(() => Assert.Equal("Choose at least one scope.", keys.Find("[data-testid=scope-error]").TextContent.Trim()));
        Assert.Empty(await context.Api.GetKeysAsync("scopeless"));
    }

    [Fact]
    public async Task Issued_secret_is_shown_once_with_a_copy_button_and_is_gone_once_dismissed_or_reloaded()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        await context.Api.SaveTenantAsync("once-shown", "Once shown", null);
        context.RenderProviders();
        var keys = context.Render<KeyList>(parameters => parameters.Add(p => p.TenantId, "once-shown"));
        keys.WaitForElement("[data-testid=issue-key]");

        keys.Act("[data-testid=key-name] input, input[data-testid=key-name]", element => element.Change("laptop"));
        keys.Act("[data-testid=issue-key]", element => element.Click());

        var secret = "";
        keys.WaitForAssertion(() => secret = keys.Find("[data-testid=issued-secret]").TextContent.Trim());
        Assert.StartsWith("sk-plat-", secret, StringComparison.Ordinal);
        var issued = Assert.Single(await context.Api.GetKeysAsync("once-shown"));
        Assert.Equal("laptop", issued.Name);
        Assert.StartsWith(issued.Prefix, secret, StringComparison.Ordinal);

        keys.Act("[data-testid=copy-key]", element => element.Click());
        keys.WaitForAssertion(() => Assert.Equal(secret, context.JSInterop.VerifyInvoke("platformConsole.copy").Arguments.Single()));

        keys.Act("[data-testid=dismiss-key]", element => element.Click());
        keys.WaitForAssertion(() => Assert.Empty(keys.FindAll("[data-testid=issued-key]")));
        Assert.DoesNotContain(secret, keys.Markup, StringComparison.Ordinal);

        // A reload renders the list afresh from the gateway, which never gives the secret again.
        var reloaded = context.Render<KeyList>(parameters => parameters.Add(p => p.TenantId, "once-shown"));
        reloaded.WaitForElement($"[data-testid=key-status-{issued.Prefix}]");
        Assert.DoesNotContain(secret, reloaded.Markup, StringComparison.Ordinal);
        Assert.Empty(reloaded.FindAll("[data-testid=issued-secret]"));
    }

    [Fact]
    public async Task Cancelling_the_revoke_confirmation_leaves_the_key_working()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        await context.Api.SaveTenantAsync("revoke-cancel", "Revoke cancel", null);
        var key = await context.Api.IssueKeyAsync("revoke-cancel", "kept", ["completions"], null);
        var dialogs = context.RenderProviders();
        var keys = context.Render<KeyList>(parameters => parameters.Add(p => p.TenantId, "revoke-cancel"));
        keys.WaitForElement($"[data-testid=revoke-{key.Prefix}]");

        keys.Act($"[data-testid=revoke-{key.Prefix}]", element => element.Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke key?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.ActOnText("button", "Cancel", element => element.Click());

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Revoke key?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Null(Assert.Single(await context.Api.GetKeysAsync("revoke-cancel")).RevokedAt);
        Assert.Equal("active", keys.Find($"[data-testid=key-status-{key.Prefix}]").TextContent.Trim());
    }

    [Fact]
    public async Task Confirming_the_revoke_revokes_the_key_at_the_gateway()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        await context.Api.SaveTenantAsync("revoke-confirm", "Revoke confirm", null);
        var key = await context.Api.IssueKeyAsync("revoke-confirm", "gone", ["completions"], null);
        var dialogs = context.RenderProviders();
        var keys = context.Render<KeyList>(parameters => parameters.Add(p => p.TenantId, "revoke-confirm"));
        keys.WaitForElement($"[data-testid=revoke-{key.Prefix}]");

        keys.Act($"[data-testid=revoke-{key.Prefix}]", element => element.Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke key?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.ActOnText("button", "Revoke", element => element.Click());

        keys.WaitForAssertion(() => Assert.Equal("revoked", keys.Find($"[data-testid=key-status-{key.Prefix}]").TextContent.Trim()));
        Assert.NotNull(Assert.Single(await context.Api.GetKeysAsync("revoke-confirm")).RevokedAt);
    }

    [Fact]
    public async Task Gateway_refusal_is_shown_as_its_message_and_no_secret_appears()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        context.RenderProviders();
        var keys = context.Render<KeyList>(parameters => parameters.Add(p => p.TenantId, "no-such-tenant"));
        keys.WaitForAssertion(() => Assert.Contains("No keys yet.", keys.Markup, StringComparison.Ordinal));

        keys.Act("[data-testid=issue-key]", element => element.Click());

        keys.WaitForAssertion(() => Assert.Equal("Unknown tenant: No tenant 'no-such-tenant' exists.", keys.Find("[data-testid=api-error]").TextContent.Trim()));
        Assert.Empty(keys.FindAll("[data-testid=issued-secret]"));
    }
}
