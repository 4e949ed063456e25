using Bunit;
using Platform.AdminConsole.Tests.Components;
using Platform.AdminConsole.Components.Pages;
using Platform.AdminConsole.Gateway;
using Platform.AdminConsole.SignIn;

namespace Platform.AdminConsole.Tests.Components.Pages;

public sealed class TenantsTests(GatewayAdminApi gateway) : IClassFixture<GatewayAdminApi>
{
    [Fact]
    public async Task Unreachable_gateway_is_shown_as_a_message_not_a_crash()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        await using var context = new ConsoleTestContext(new Uri($"http://127.0.0.1:{port}/admin/v1/"));
        context.RenderProviders();

        var page = context.Render<Platform.AdminConsole.Components.Pages.Tenants>();

        page.WaitForAssertion(() => Assert.Contains("cannot be reached", page.Find("[data-testid=api-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Creating_a_tenant_whose_id_is_taken_is_refused_by_the_field()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        await context.Api.SaveTenantAsync("taken", "First owner", null);
        context.RenderProviders();
        var page = context.Render<Platform.AdminConsole.Components.Pages.Tenants>();
        // The list loads after the first render and re-renders the toolbar: click once it is there.
        page.WaitForAssertion(() => Assert.Contains("First owner", page.Markup, StringComparison.Ordinal));
        page.Act("[data-testid=new-tenant]", element => element.Click());

        page.Act("input[data-testid=tenant-id], [data-testid=tenant-id] input", element => element.Change("taken"));
        page.Act("input[data-testid=tenant-name], [data-testid=tenant-name] input", element => element.Change("Second owner"));
        page.Act("[data-testid=create-tenant]", element => element.Click());

        page.WaitForAssertion(() => Assert.Contains("A tenant with this id exists.", page.Markup, StringComparison.Ordinal));
        Assert.Equal("First owner", (await context.Api.GetTenantAsync("taken")).Name);
    }

    [Fact]
    public async Task Read_only_role_sees_disabled_controls_and_the_client_refuses_changes()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi, ConsoleRoles.ReadOnly);
        context.RenderProviders();

        var page = context.Render<Platform.AdminConsole.Components.Pages.Tenants>();

        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid=new-tenant]").HasAttribute("disabled")));
        var refused = await Assert.ThrowsAsync<AdminApiException>(() => context.Api.SaveTenantAsync("viewer-made", null, null));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Status);
        Assert.False(await context.Api.TenantExistsAsync("viewer-made"));
    }
}
