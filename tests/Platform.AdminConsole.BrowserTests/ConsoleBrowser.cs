using Deque.AxeCore.Playwright;

namespace Platform.AdminConsole.BrowserTests;

/// <summary>
/// One identity provider, one embedded platform and one Debian chromium for the whole browser suite (each costs
/// seconds to start). Screenshots go to <see cref="ScreenshotDirectory"/> under the test output.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public TestIdentityProvider IdentityProvider { get; private set; } = null!;

    public ConsolePlatform Platform { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "console-screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: infra/local-servers.sh installs Debian's chromium when run as root.");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        IdentityProvider = await TestIdentityProvider.StartAsync();
        var platform = ConsolePlatform.StartAsync(IdentityProvider);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Platform = await platform;

        // The first page of a fresh process compiles the console's components: do it before any test's clock starts.
        using var warmUp = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        (await warmUp.GetAsync(Platform.Console("signin"))).EnsureSuccessStatusCode();
    }

    /// <summary>A fresh browser context (own cookies), sized like a laptop screen.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        // Generous: CI machines are shared, and a Blazor circuit's first render waits on JIT.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in with the admin token printed at the platform's first start.</summary>
    public async Task SignInWithTokenAsync(IPage page)
    {
        await page.GotoAsync(Platform.Console().ToString());
        await page.GetByLabel("Admin token").FillAsync(Platform.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with admin token" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 }).WaitForAsync();
        await WaitForInteractivityAsync(page);
    }

    /// <summary>
    /// Signs in through single sign-on, starting from a console page: the console sends the browser to the identity
    /// provider, which signs in its <see cref="TestIdentityProvider.NextUser"/> and sends it back with a code.
    /// </summary>
    public async Task SignInWithOidcAsync(IPage page, string path = "")
    {
        var hops = new List<string>();
        page.Response += (_, response) => hops.Add($"{response.Status} {response.Request.Method} {response.Url}");
        await page.GotoAsync(Platform.Console(path).ToString());
        await page.GetByTestId("signin-oidc").ClickAsync();
        try
        {
            await page.GetByTestId("signed-in-as").WaitForAsync();
        }
        catch (TimeoutException exception)
        {
            // Where the redirects stopped says which side of the protocol failed.
            throw new TimeoutException($"Single sign-on stopped at {page.Url}:\n{string.Join('\n', hops)}\n--- platform ---\n{Platform.Output}", exception);
        }

        await WaitForInteractivityAsync(page);
    }

    /// <summary>Interactive server rendering has connected: the layout marks itself once the circuit has rendered it.</summary>
    public static async Task WaitForInteractivityAsync(IPage page) =>
        await page.Locator(".mud-layout[data-circuit=connected]").WaitForAsync();

    /// <summary>A screenshot of the whole page, and axe-core's verdict: no serious or critical violation.</summary>
    public static async Task CheckPageAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe on '{name}':\n" + string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html + " " + string.Join(";", n.Any.Select(c => c.Message))))}")));
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Platform.DisposeAsync();
        await IdentityProvider.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleBrowserGroup : ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "console browser";
}
