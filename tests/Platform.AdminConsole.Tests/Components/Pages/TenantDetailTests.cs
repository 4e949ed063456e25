using Bunit;
using Platform.AdminConsole.Components.Pages;
using Platform.AdminConsole.Tests.Components;

namespace Platform.AdminConsole.Tests.Components.Pages;

public sealed class TenantDetailTests(GatewayAdminApi gateway) : IClassFixture<GatewayAdminApi>
{
    [Fact]
    public async Task Suspending_asks_first_cancel_keeps_the_tenant_active_and_confirm_suspends_it()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        await context.Api.SaveTenantAsync("suspend-me", "Suspend me", null);
        var dialogs = context.RenderProviders();
        var page = context.Render<TenantDetail>(parameters => parameters.Add(p => p.TenantId, "suspend-me"));
        page.WaitForElement("[data-testid=suspend-tenant]");

        page.Act("[data-testid=suspend-tenant]", element => element.Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Suspend tenant?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.ActOnText("button", "Cancel", element => element.Click());
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Suspend tenant?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Null((await context.Api.GetTenantAsync("suspend-me")).SuspendedAt);
        Assert.Empty(page.FindAll("[data-testid=suspended]"));

        page.Act("[data-testid=suspend-tenant]", element => element.Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Suspend tenant?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.ActOnText("button", "Suspend", element => element.Click());

        page.WaitForElement("[data-testid=suspended]");
        Assert.NotNull((await context.Api.GetTenantAsync("suspend-me")).SuspendedAt);
    }
}
