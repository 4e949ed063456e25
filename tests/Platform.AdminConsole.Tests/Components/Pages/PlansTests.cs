using Bunit;
using Platform.AdminConsole.Tests.Components;
using Platform.AdminConsole.Components.Pages;

namespace Platform.AdminConsole.Tests.Components.Pages;

public sealed class PlansTests(GatewayAdminApi gateway) : IClassFixture<GatewayAdminApi>
{
    [Fact]
    public async Task Gateway_validation_message_shows_by_the_field_and_nothing_is_saved()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        context.RenderProviders();
        var page = context.Render<Plans>();
        page.WaitForElement("[data-testid=new-plan]");
        page.Act("[data-testid=new-plan]", element => element.Click());

        page.Act("input[data-testid=plan-id], [data-testid=plan-id] input", element => element.Change("negative-quota"));
        page.Act("input[data-testid=plan-quota], [data-testid=plan-quota] input", element => element.Change("-5"));
        page.Act("[data-testid=save-plan]", element => element.Click());

        page.WaitForAssertion(() => Assert.Contains("Must be 0 (unlimited) or more.", page.Markup, StringComparison.Ordinal));
        Assert.NotNull(page.Find("[data-testid=api-error]"));
        Assert.DoesNotContain(await context.Api.GetPlansAsync(), plan => plan.Id == "negative-quota");
    }

    [Fact]
    public async Task Invalid_plan_id_is_refused_before_the_gateway_is_asked()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        context.RenderProviders();
        var page = context.Render<Plans>();
        page.WaitForElement("[data-testid=new-plan]");
        page.Act("[data-testid=new-plan]", element => element.Click());

        page.Act("input[data-testid=plan-id], [data-testid=plan-id] input", element => element.Change("not an id!"));
        page.Act("[data-testid=save-plan]", element => element.Click());

        page.WaitForAssertion(() => Assert.Contains("Use 1-64 letters, digits, '-' or '_'.", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=api-error]"));
        Assert.DoesNotContain(await context.Api.GetPlansAsync(), plan => plan.Id == "not an id!");
    }

    [Fact]
    public async Task Saved_plan_appears_in_the_list_with_its_limits()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        context.RenderProviders();
        var page = context.Render<Plans>();
        page.WaitForElement("[data-testid=new-plan]");
        page.Act("[data-testid=new-plan]", element => element.Click());

        page.Act("input[data-testid=plan-id], [data-testid=plan-id] input", element => element.Change("starter"));
        page.Act("input[data-testid=plan-name], [data-testid=plan-name] input", element => element.Change("Starter"));
        page.Act("input[data-testid=plan-rpm], [data-testid=plan-rpm] input", element => element.Change("60"));
        page.Act("[data-testid=save-plan]", element => element.Click());

        page.WaitForAssertion(() => Assert.Contains("Starter", page.Find("table").TextContent, StringComparison.Ordinal));
        var saved = Assert.Single(await context.Api.GetPlansAsync(), plan => plan.Id == "starter");
        Assert.Equal(60, saved.RequestsPerMinutePerKey);
    }
}
