using System.Net.Http.Headers;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Platform.AdminConsole.Gateway;
using Platform.AdminConsole.SignIn;

namespace Platform.AdminConsole.Tests;

/// <summary>
/// A bUnit context wired as the console wires itself: MudBlazor, a signed-in person with a console role, and the
/// real <see cref="AdminApiClient"/> talking to <paramref name="adminApi"/> with the console's credential.
/// </summary>
public sealed class ConsoleTestContext : BunitContext
{
    public ConsoleTestContext(Uri adminApi, string role = ConsoleRoles.Admin)
    {
        // Pages wait on a real gateway: a shared CI machine needs more than bUnit's one-second default.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(mud => mud.SnackbarConfiguration.ShowTransitionDuration = 0);
        var authorization = AddAuthorization();
        authorization.SetAuthorized("alice@example.com");
        authorization.SetRoles(role);
        var http = new HttpClient { BaseAddress = adminApi, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayAdminApi.ConsoleToken);
        Services.AddSingleton(http);
        Services.AddScoped(services => new AdminApiClient(services.GetRequiredService<HttpClient>(), services.GetRequiredService<AuthenticationStateProvider>()));
    }

    /// <summary>The client as the page sees it, for arranging data and checking what the gateway holds.</summary>
    public AdminApiClient Api => Services.GetRequiredService<AdminApiClient>();

    /// <summary>Dialogs and popovers render into these providers, as in the console's layout.</summary>
    public IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }
}
