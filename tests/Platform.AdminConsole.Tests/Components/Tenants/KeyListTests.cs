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
}
