using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Platform.AdminConsole.SignIn;

/// <summary>
/// OpenID Connect: authorization code with PKCE, the ID token's signature checked against the provider's JWKS.
/// The configured role (or group) claim decides the console role; a user with neither configured value is refused.
/// </summary>
internal static class OidcSignIn
{
    public static AuthenticationBuilder AddConsoleOidc(this AuthenticationBuilder authentication, AdminConsoleOptions.OidcSettings settings) =>
        authentication.AddOpenIdConnect(ConsoleRoles.OidcScheme, oidc =>
        {
            oidc.SignInScheme = ConsoleRoles.CookieScheme;
            oidc.Authority = settings.Authority;
            oidc.ClientId = settings.ClientId;
            oidc.ClientSecret = settings.ClientSecret;
            oidc.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            oidc.ResponseMode = OpenIdConnectResponseMode.Query; // the cookies stay SameSite=Lax
            oidc.UsePkce = true;
            oidc.CallbackPath = "/signin-oidc";
            oidc.SignedOutCallbackPath = "/signout-callback-oidc";
            oidc.SaveTokens = false; // the console needs the identity, not the provider's tokens
            oidc.GetClaimsFromUserInfoEndpoint = false;
            oidc.MapInboundClaims = false;
            oidc.Scope.Clear();
            oidc.Scope.Add("openid");
            oidc.Scope.Add("profile");
            oidc.Scope.Add("email");
            oidc.Events.OnTokenValidated = context =>
            {
                var identity = context.Principal;
                var values = identity?.FindAll(settings.RoleClaim).SelectMany(claim => Split(claim.Value)).ToHashSet(StringComparer.Ordinal) ?? [];
                var role = values.Contains(settings.AdminRole) ? ConsoleRoles.Admin
                    : values.Contains(settings.ReadOnlyRole) ? ConsoleRoles.ReadOnly
                    : null;
                if (role is null)
                {
                    context.Fail($"The user has neither '{settings.AdminRole}' nor '{settings.ReadOnlyRole}' in the '{settings.RoleClaim}' claim.");
                    return Task.CompletedTask;
                }

                var name = identity!.FindFirst("email")?.Value ?? identity.FindFirst("preferred_username")?.Value
                    ?? identity.FindFirst("name")?.Value ?? identity.FindFirst("sub")?.Value ?? "oidc-user";
                context.Principal = ConsoleRoles.Principal(name, role, "oidc");
                return Task.CompletedTask;
            };
            oidc.Events.OnRemoteFailure = context =>
            {
                context.HandleResponse();
                context.Response.Redirect($"{context.Request.PathBase}/signin?error=oidc");
                return Task.CompletedTask;
            };
        });

    /// <summary>Roles arrive as one claim per value, or as a JSON array in one claim.</summary>
    private static string[] Split(string value) =>
        value.StartsWith('[')
            ? System.Text.Json.JsonSerializer.Deserialize<string[]>(value) ?? []
            : [value];
}
