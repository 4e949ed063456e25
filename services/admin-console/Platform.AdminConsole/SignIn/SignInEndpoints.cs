using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Platform.AdminConsole.Gateway;

namespace Platform.AdminConsole.SignIn;

/// <summary>
/// <c>POST signin/token</c> (admin token, checked against the gateway server-side, then forgotten: the browser gets only
/// the console's cookie), <c>GET signin/oidc</c> (OpenID Connect challenge) and <c>POST signout</c>. Forms carry
/// antiforgery tokens, which the endpoints validate.
/// </summary>
internal static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder console)
    {
        console.MapPost("/signin/token", SignInWithTokenAsync);
        console.MapGet("/signin/oidc", (string? returnUrl, IOptions<AdminConsoleOptions> options, HttpContext context) =>
            options.Value.Oidc.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalPath(context, returnUrl) }, [ConsoleRoles.OidcScheme])
                : Results.NotFound());
        console.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(ConsoleRoles.CookieScheme);
            return Results.LocalRedirect($"{context.Request.PathBase}/signin");
        });
        return console;
    }

    private static async Task<IResult> SignInWithTokenAsync(
        [FromForm] string? token, [FromForm] string? returnUrl, HttpContext context, AdminApiClient gateway, IOptions<AdminConsoleOptions> options)
    {
        var signIn = $"{context.Request.PathBase}/signin";
        if (!options.Value.AllowTokenSignIn)
        {
            return Results.LocalRedirect($"{signIn}?error=token-disabled");
        }

        token = token?.Trim();
        if (string.IsNullOrEmpty(token) || !token.StartsWith("sk-admin-", StringComparison.Ordinal) || token.Length > 200
            || !await gateway.IsAdminTokenAsync(token, context.RequestAborted))
        {
            return Results.LocalRedirect($"{signIn}?error=invalid-token");
        }

        // Named as the gateway names a token: by a fingerprint, never by any part of it.
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12];
        await context.SignInAsync(ConsoleRoles.CookieScheme, ConsoleRoles.Principal($"admin:{fingerprint}", ConsoleRoles.Admin, "token"));
        return Results.LocalRedirect(LocalPath(context, returnUrl));
    }

    /// <summary>Only paths inside the console: an open redirect would make the sign-in page a phishing tool.</summary>
    private static string LocalPath(HttpContext context, string? returnUrl)
    {
        var home = $"{context.Request.PathBase}/";
        return !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith(home, StringComparison.Ordinal)
            && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\')
            ? returnUrl
            : home;
    }
}
