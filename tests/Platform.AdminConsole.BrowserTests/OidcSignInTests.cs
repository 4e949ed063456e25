namespace Platform.AdminConsole.BrowserTests;

/// <summary>
/// Single sign-on in the real browser, through the test's identity provider: discovery, the authorization-code flow
/// with PKCE, a signed ID token. The provider's group claim decides the console role.
/// </summary>
[Collection(ConsoleBrowserGroup.Name)]
public sealed class OidcSignInTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task Admin_group_user_signs_in_with_pkce_acts_and_is_the_audited_actor()
    {
        browser.IdentityProvider.NextUser = new TestUser("alice", "alice@example.com", ["developers", "platform-admin"]);
        var exchanges = browser.IdentityProvider.VerifiedPkceExchanges;
        var page = await browser.NewPageAsync();

        await browser.SignInWithOidcAsync(page, "tenants");

        Assert.Equal(exchanges + 1, browser.IdentityProvider.VerifiedPkceExchanges);
        Assert.EndsWith("/console/tenants", page.Url, StringComparison.Ordinal);
        Assert.Equal("alice@example.com (admin)", (await page.GetByTestId("signed-in-as").InnerTextAsync()).Trim());

        await page.GetByTestId("new-tenant").ClickAsync();
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("sso-made");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Made through SSO");
        await page.GetByTestId("create-tenant").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Made through SSO", Level = 1 }).WaitForAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await page.GetByLabel("Tenant id").FillAsync("sso-made");
        await page.GetByTestId("audit-search").ClickAsync();
        var created = page.GetByTestId("audit-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "tenant.create" });
        await created.WaitForAsync();
        Assert.Equal("alice@example.com [oidc] (console)", (await created.Locator("td[data-label=Actor]").InnerTextAsync()).Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_group_user_sees_pages_but_a_forced_click_changes_nothing()
    {
        browser.IdentityProvider.NextUser = new TestUser("victor", "victor@example.com", ["platform-viewer"]);
        var page = await browser.NewPageAsync();

        await browser.SignInWithOidcAsync(page, "tenants");

        Assert.Equal("victor@example.com (read-only)", (await page.GetByTestId("signed-in-as").InnerTextAsync()).Trim());
        var create = page.GetByTestId("new-tenant");
        await Assertions.Expect(create).ToBeDisabledAsync();
        // A tampered page: the button enabled by hand. The circuit's component still refuses on the server.
        await create.EvaluateAsync("button => { button.disabled = false; button.removeAttribute('disabled'); }");
        await create.ClickAsync();
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(0, await page.GetByTestId("create-tenant").CountAsync());

        // Every page opens for reading.
        foreach (var (link, heading) in new[] { ("Plans", "Plans"), ("Usage & quality", "Usage & quality"), ("Fleet", "Fleet"), ("Audit log", "Audit log"), ("Overview", "Overview") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 }).WaitForAsync();
        }

        await Assertions.Expect(page.GetByTestId("api-error")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Plans", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-plan")).ToBeDisabledAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task User_without_a_console_group_is_refused_and_stays_signed_out()
    {
        browser.IdentityProvider.NextUser = new TestUser("mallory", "mallory@example.com", ["developers"]);
        var exchanges = browser.IdentityProvider.VerifiedPkceExchanges;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(browser.Platform.Console("signin").ToString());
        await page.GetByTestId("signin-oidc").ClickAsync();
        await page.GetByTestId("signin-error").WaitForAsync();

        Assert.Equal(exchanges + 1, browser.IdentityProvider.VerifiedPkceExchanges); // the protocol completed; the role decided
        Assert.Contains("no console role", await page.GetByTestId("signin-error").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync(browser.Platform.Console("tenants").ToString());
        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Id_token_signed_with_a_key_outside_the_providers_keys_is_refused()
    {
        browser.IdentityProvider.NextUser = new TestUser("eve", "eve@example.com", ["platform-admin"]);
        browser.IdentityProvider.SignWithUnpublishedKey = true;
        try
        {
            var page = await browser.NewPageAsync();

            await page.GotoAsync(browser.Platform.Console("signin").ToString());
            await page.GetByTestId("signin-oidc").ClickAsync();
            await page.GetByTestId("signin-error").WaitForAsync();

            await page.GotoAsync(browser.Platform.Console().ToString());
            Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
            await page.Context.CloseAsync();
        }
        finally
        {
            browser.IdentityProvider.SignWithUnpublishedKey = false;
        }
    }
}
