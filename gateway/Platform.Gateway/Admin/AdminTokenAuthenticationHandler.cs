using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Gateway.Http;

namespace Platform.Gateway.Admin;

/// <summary>
/// Authenticates the admin API with an admin token (<c>sk-admin-…</c>). Tenant keys have another prefix and are
/// refused before any comparison, so no tenant key can ever act as an admin.
/// </summary>
internal sealed class AdminTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AdminTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminToken";
    public const string PolicyName = "admin";

    /// <summary>The signed-in console user the console acts for; honoured with the console's credential only.</summary>
    public const string ActorHeader = "X-Admin-Actor";

    private static bool ValidActor(string actor) => actor.Length <= 150 && !actor.Any(char.IsControl);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = authorization["Bearer ".Length..].Trim();
        var credential = tokens.Match(token);
        if (credential is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid admin token."));
        }

        // The audit log names the admin by a fingerprint of the token, never by any part of it. Only the console's own
        // credential may name who acts through it: a browser never holds that credential, so it cannot claim a name.
        var fingerprint = Convert.ToHexStringLower(AdminTokens.Hash(token))[..12];
        var name = $"admin:{fingerprint}";
        if (credential == AdminCredential.Console)
        {
            var actor = Request.Headers[ActorHeader].ToString();
            if (actor.Length > 0 && !ValidActor(actor))
            {
                return Task.FromResult(AuthenticateResult.Fail($"{ActorHeader} must be 1-150 printable characters."));
            }

            name = actor.Length > 0 ? $"{actor} (console)" : $"console:{fingerprint}";
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        GatewayProblems.Create(StatusCodes.Status401Unauthorized, "Admin authentication required",
            "Send an admin token as 'Authorization: Bearer sk-admin-…'. Tenant API keys are not accepted here.",
            "admin_auth_required").ExecuteAsync(Context);
}
