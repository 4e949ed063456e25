using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using Platform.AdminConsole.Components;
using Platform.AdminConsole.Gateway;
using Platform.AdminConsole.SignIn;

namespace Platform.AdminConsole.Extensions;

public static class AdminConsoleExtensions
{
    /// <summary>Where the console is served, in every topology.</summary>
    public const string PathBase = "/console";

    /// <summary>The property under which <see cref="WebApplication"/> shares its route builder with branches.</summary>
    private const string GlobalEndpointRouteBuilderKey = "__GlobalEndpointRouteBuilder";

    /// <summary>
    /// The admin console: Blazor components (interactive server rendering, MudBlazor), its own cookie sign-in
    /// (admin token and/or OpenID Connect), and the typed client of the gateway's admin API.
    /// With <paramref name="sameProcessGateway"/> (the embedded host) the console gets a fresh credential for this
    /// process's gateway, handed to the gateway as <c>Secrets:AdminConsoleToken</c>; it is never written anywhere.
    /// </summary>
    public static WebApplicationBuilder AddAdminConsole(this WebApplicationBuilder builder, bool sameProcessGateway = false)
    {
        // Blazor's script, MudBlazor's and the console's own files come from their packages' folders when run from a
        // build (tests, `dotnet run`) in any environment; a published app has them in wwwroot and this does nothing.
        builder.WebHost.UseStaticWebAssets();

        if (sameProcessGateway && string.IsNullOrEmpty(builder.Configuration[$"{AdminConsoleOptions.Section}:GatewayToken"]))
        {
            var token = "sk-admin-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            builder.Configuration[$"{AdminConsoleOptions.Section}:GatewayToken"] = token;
            builder.Configuration["Secrets:AdminConsoleToken"] = token;
        }

        builder.Services.AddOptions<AdminConsoleOptions>()
            .BindConfiguration(AdminConsoleOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.AllowTokenSignIn || o.Oidc.Enabled, "AdminConsole: enable AllowTokenSignIn or configure Oidc:Authority, or nobody can sign in.")
            .Validate(o => !o.Oidc.Enabled || !string.IsNullOrWhiteSpace(o.Oidc.ClientId), "AdminConsole:Oidc:ClientId is required with an Authority.")
            .Validate(o => string.IsNullOrEmpty(o.GatewayUrl) || Uri.TryCreate(o.GatewayUrl, UriKind.Absolute, out _), "AdminConsole:GatewayUrl must be an absolute URL.")
            .ValidateOnStart();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(mud =>
        {
            // No fading: a half-transparent message is unreadable (and fails contrast checks) while it fades.
            mud.SnackbarConfiguration.ShowTransitionDuration = 0;
            mud.SnackbarConfiguration.HideTransitionDuration = 0;
            mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
        });
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton<GatewayAddress>();
        builder.Services.AddTransient<ConsoleCredentialHandler>();
        builder.Services.AddHttpClient<AdminApiClient>((services, http) =>
            {
                http.BaseAddress = services.GetRequiredService<GatewayAddress>().AdminApi;
                http.Timeout = TimeSpan.FromSeconds(30);
            })
            .AddHttpMessageHandler<ConsoleCredentialHandler>();
        builder.Services.AddHttpClient(FleetMetrics.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddScoped<FleetMetrics>();

        var settings = builder.Configuration.GetSection(AdminConsoleOptions.Section).Get<AdminConsoleOptions>() ?? new AdminConsoleOptions();
        var authentication = builder.Services.AddAuthentication()
            .AddCookie(ConsoleRoles.CookieScheme, cookie =>
            {
                cookie.Cookie.Name = "platform-console";
                cookie.Cookie.Path = PathBase;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = settings.SessionLifetime;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/signin";
                cookie.AccessDeniedPath = "/signin";
                cookie.ReturnUrlParameter = "returnUrl";
            });
        if (settings.Oidc.Enabled)
        {
            authentication.AddConsoleOidc(settings.Oidc);
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ConsoleRoles.ReadPolicy, policy => policy.AddAuthenticationSchemes(ConsoleRoles.CookieScheme)
                .RequireRole(ConsoleRoles.Admin, ConsoleRoles.ReadOnly))
            .AddPolicy(ConsoleRoles.AdminPolicy, policy => policy.AddAuthenticationSchemes(ConsoleRoles.CookieScheme)
                .RequireRole(ConsoleRoles.Admin));
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "platform-console-af";
            antiforgery.Cookie.Path = PathBase;
        });
        return builder;
    }

    /// <summary>
    /// Serves the console under <see cref="PathBase"/> on a branch of its own: its cookie, antiforgery and security
    /// headers apply there only, and the gateway's API-key authentication never sees its requests.
    /// </summary>
    public static WebApplication MapAdminConsole(this WebApplication app)
    {
        ((IApplicationBuilder)app).Map(PathBase, console =>
        {
            // Routing of its own: with the host's global route builder, the console's pages would also answer outside
            // the branch and the host's endpoints inside it.
            console.Properties.Remove(GlobalEndpointRouteBuilderKey);
            console.Use(ConsoleSecurityHeaders.Apply);
            console.UseRouting();
            console.UseAuthentication(); // handles the OpenID Connect callback
            console.Use(async (context, next) =>
            {
                // The console's own scheme decides who is signed in here, whatever the host's default scheme is.
                var signedIn = await context.AuthenticateAsync(ConsoleRoles.CookieScheme);
                if (signedIn.Succeeded)
                {
                    context.User = signedIn.Principal;
                }

                await next();
            });
            console.UseAuthorization();
            console.UseAntiforgery();
            console.UseEndpoints(endpoints =>
            {
                endpoints.MapStaticAssets();
                endpoints.MapSignInEndpoints();
                endpoints.MapRazorComponents<App>()
                    .AddInteractiveServerRenderMode();
            });
        });
        return app;
    }
}
