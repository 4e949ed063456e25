using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Gateway.Data;
using Platform.Gateway.Http;

namespace Platform.Gateway.ApiKeys;

/// <summary>Authenticates <c>Authorization: Bearer sk-plat-…</c> (or <c>x-api-key</c>) against stored key hashes.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TenantClaim = "tenant_id";
    public const string KeyClaim = "api_key_id";
    public const string ScopeClaim = "scope";
    private const string StoreUnavailableItem = "platform.key-store-unavailable";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        CallerIdentity? caller;
        try
        {
            caller = await validator.ValidateAsync(presented, Context.RequestAborted);
        }
        catch (StoreUnavailableException exception)
        {
            // Not "invalid key": the challenge answers 503, so a client retries instead of dropping its key.
            Context.Items[StoreUnavailableItem] = true;
            return AuthenticateResult.Fail(exception);
        }

        if (caller is null)
        {
            return AuthenticateResult.Fail("Invalid API key.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(TenantClaim, caller.TenantId), new Claim(KeyClaim, caller.ApiKeyId),
             .. caller.Scopes.Select(scope => new Claim(ScopeClaim, scope))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(StoreUnavailableItem))
        {
            await StoreOutageAnswers.WriteAsync(Context);
            return;
        }

        var hasKey = PresentedKey(Request) is not null;
        Response.Headers.WWWAuthenticate = "Bearer";
        var problem = GatewayProblems.Create(
            StatusCodes.Status401Unauthorized,
            hasKey ? "Invalid API key" : "Missing API key",
            hasKey
                ? "The API key is unknown or has been revoked."
                : "Send your API key as 'Authorization: Bearer sk-plat-…'.",
            hasKey ? "invalid_api_key" : "missing_api_key");
        await problem.ExecuteAsync(Context);
    }

    internal static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        var header = request.Headers["x-api-key"].ToString().Trim();
        return header.Length > 0 ? header : null;
    }

    public static CallerIdentity Caller(ClaimsPrincipal user) =>
        new(user.FindFirstValue(TenantClaim) ?? "", user.FindFirstValue(KeyClaim) ?? "",
            user.FindAll(ScopeClaim).Select(claim => claim.Value).ToList());
}
