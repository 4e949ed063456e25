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

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = authorization["Bearer ".Length..].Trim();
        if (!tokens.Matches(token))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid admin token."));
        }

        // The audit log names the admin by a fingerprint of the token, never by any part of it.
        var fingerprint = Convert.ToHexStringLower(AdminTokens.Hash(token))[..12];
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"admin:{fingerprint}")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        GatewayProblems.Create(StatusCodes.Status401Unauthorized, "Admin authentication required",
            "Send an admin token as 'Authorization: Bearer sk-admin-…'. Tenant API keys are not accepted here.",
            "admin_auth_required").ExecuteAsync(Context);
}
