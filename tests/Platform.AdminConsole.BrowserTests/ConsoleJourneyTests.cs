using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.AdminConsole.BrowserTests;

/// <summary>
/// An operator's day in the console against the real embedded platform: every page is screenshot and checked by
/// axe-core on the way.
/// </summary>
[Collection(ConsoleBrowserGroup.Name)]
public sealed class ConsoleJourneyTests(ConsoleBrowser browser)
{
    private const string PlanId = "team-e2e";
    private const string TenantId = "acme-e2e";

    [Fact]
    public async Task Operator_creates_plan_tenant_and_key_sees_usage_and_acceptance_revokes_the_key_and_finds_it_all_audited()
    {
        var page = await browser.NewPageAsync();

        // Signing in: the console sends the anonymous visitor to its sign-in page.
        await page.GotoAsync(browser.Platform.Console("tenants").ToString());
        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
        await ConsoleBrowser.CheckPageAsync(page, "01-sign-in");
        await browser.SignInWithTokenAsync(page);
        await page.GetByTestId("requests-per-minute").WaitForAsync();
        await ConsoleBrowser.CheckPageAsync(page, "02-overview");

        // A plan: the API's validation message shows by the field, then a valid plan is saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Plans" }).ClickAsync();
        await page.GetByTestId("new-plan").ClickAsync();
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync(PlanId);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Team (e2e)");
        await page.GetByLabel("Requests / min per key").FillAsync("120");
        await page.GetByLabel("Monthly token quota").FillAsync("-5");
        await page.GetByTestId("save-plan").ClickAsync();
        await page.GetByText("Must be 0 (unlimited) or more.").First.WaitForAsync();
        await page.GetByLabel("Monthly token quota").FillAsync("5000000");
        await page.GetByTestId("save-plan").ClickAsync();
        await page.GetByRole(AriaRole.Cell, new() { Name = "Team (e2e)" }).WaitForAsync();
        await ConsoleBrowser.CheckPageAsync(page, "03-plans");

        // A tenant on that plan.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants" }).ClickAsync();
        await page.GetByTestId("new-tenant").ClickAsync();
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync(TenantId);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Acme (e2e)");
        await ChooseAsync(page, "Plan", "Team (e2e)");
        await page.GetByTestId("create-tenant").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Acme (e2e)", Level = 1 }).WaitForAsync();
        await ConsoleBrowser.CheckPageAsync(page, "04-tenants-detail-new");

        // A key, shown once.
        await page.GetByLabel("Key name").FillAsync("ci");
        await page.GetByTestId("issue-key").ClickAsync();
        var secret = (await page.GetByTestId("issued-secret").InnerTextAsync()).Trim();
        Assert.StartsWith("sk-plat-", secret, StringComparison.Ordinal);
        await ConsoleBrowser.CheckPageAsync(page, "05-key-issued");
        await page.GetByTestId("dismiss-key").ClickAsync();
        await page.ReloadAsync();
        await ConsoleBrowser.WaitForInteractivityAsync(page);
        await page.GetByRole(AriaRole.Cell, new() { Name = "ci", Exact = true }).WaitForAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        // The key at work: a completion, then the editor's view and select of it.
        using var api = new HttpClient { BaseAddress = browser.Platform.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var completion = await api.PostAsJsonAsync("v1/completions", new { prompt = "def fib(n):", max_tokens = 4, temperature = 0 });
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        var completionId = (await completion.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        foreach (var type in new[] { "view", "select" })
        {
            var recorded = await api.PostAsJsonAsync("v1/code/events", new { type, completion_id = completionId, language = "python" });
            Assert.Equal(HttpStatusCode.Accepted, recorded.StatusCode);
        }

        // The request appears in the tenant's usage (metering is asynchronous: refresh until it lands).
        await UntilAsync(page, () => page.GetByTestId("refresh-usage").ClickAsync(),
            page.GetByTestId("usage-by-model").GetByRole(AriaRole.Cell, new() { Name = "tiny-coder" }));
        await ConsoleBrowser.CheckPageAsync(page, "06-tenant-usage");

        // The acceptance chart moves: python, one view, one select.
        await page.GetByRole(AriaRole.Link, new() { Name = "Usage & quality" }).ClickAsync();
        await ChooseAsync(page, "Tenant", "Acme (e2e) (acme-e2e)");
        await UntilAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync(),
            page.GetByTestId("acceptance-by-language").GetByRole(AriaRole.Cell, new() { Name = "python" }));
        var python = page.GetByTestId("acceptance-by-language").GetByRole(AriaRole.Row).Filter(new() { HasText = "python" });
        Assert.Equal(["python", "1", "1", "0", "100.0 %"], (await python.GetByRole(AriaRole.Cell).AllInnerTextsAsync()).Select(c => c.Trim()).ToArray());
        Assert.True(await page.Locator(".mud-chart svg").CountAsync() > 0, "the acceptance charts are drawn");
        await ConsoleBrowser.CheckPageAsync(page, "07-usage-and-quality");

        // Revoking, after a confirmation, refuses the next call.
        await page.GotoAsync(browser.Platform.Console($"tenants/{TenantId}").ToString());
        await ConsoleBrowser.WaitForInteractivityAsync(page);
        var prefix = secret[..16];
        await page.GetByTestId($"revoke-{prefix}").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await page.GetByTestId($"key-status-{prefix}").GetByText("revoked").WaitForAsync();
        var refused = await api.PostAsJsonAsync("v1/completions", new { prompt = "x", max_tokens = 1 });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // The overview counts that refusal beside the error rate: the gateway saw 4 public API calls, 1 refused with 401.
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("refusal-rate-detail")).ToHaveTextAsync("401 1 · 403 0 · 429 0 of 4 (this process)");
        Assert.Equal("25.0 %", (await page.GetByTestId("refusal-rate").InnerTextAsync()).Trim());
        await ConsoleBrowser.CheckPageAsync(page, "11-overview-with-traffic");

        // The audit log names the signed-in person for each change, and filters by tenant.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await page.GetByRole(AriaRole.Cell, new() { Name = "plan.create" }).First.WaitForAsync();
        await page.GetByLabel("Tenant id").FillAsync(TenantId);
        await page.GetByTestId("audit-search").ClickAsync();
        // The filtered page replaces the unfiltered one: wait until the plan's entry (no tenant) has left it.
        await page.GetByRole(AriaRole.Cell, new() { Name = "plan.create" }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.GetByRole(AriaRole.Cell, new() { Name = "key.revoke" }).WaitForAsync();
        var actions = (await page.GetByTestId("audit-table").Locator("td[data-label=Action]").AllInnerTextsAsync()).Select(a => a.Trim()).ToList();
        Assert.Equal(["key.revoke", "key.issue", "tenant.create"], actions);
        var actors = (await page.GetByTestId("audit-table").Locator("td[data-label=Actor]").AllInnerTextsAsync()).Distinct().ToList();
        var actor = Assert.Single(actors);
        Assert.Matches(@"^admin:[0-9a-f]{12} \[token\] \(console\)$", actor.Trim());
        await ConsoleBrowser.CheckPageAsync(page, "08-audit-log");

        await page.GetByRole(AriaRole.Link, new() { Name = "Fleet" }).ClickAsync();
        await page.GetByTestId("fleet-tiny-coder").WaitForAsync();
        await ConsoleBrowser.CheckPageAsync(page, "09-fleet");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = TenantId }).WaitForAsync();
        await ConsoleBrowser.CheckPageAsync(page, "10-tenants");
        await page.Context.CloseAsync();
    }

    /// <summary>Opens a MudSelect by its label and picks an item.</summary>
    private static async Task ChooseAsync(IPage page, string label, string item)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = item }).ClickAsync();
    }

    /// <summary>Repeats an action (a refresh) until the locator shows, for up to 15 s.</summary>
    private static async Task UntilAsync(IPage page, Func<Task> action, ILocator shown)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await action();
            try
            {
                await shown.WaitForAsync(new LocatorWaitForOptions { Timeout = 1000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                await page.WaitForTimeoutAsync(250);
            }
        }
    }
}
