using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.AdminConsole.BrowserTests;

/// <summary>
/// A small OpenID Connect provider on loopback, speaking the real protocol: a discovery document, a JWKS with a real
/// RSA key, the authorization-code flow with PKCE (S256 required) and an RS256-signed ID token with the nonce it was
/// given. It signs in whichever user the test set in <see cref="NextUser"/>, without a login form.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "platform-console";
    public const string ClientSecret = "test-client-secret";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RSA _unpublished = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private WebApplication _app = null!;

    public string Issuer { get; private set; } = "";

    /// <summary>Who the next authorization signs in.</summary>
    public TestUser NextUser { get; set; } = new("alice", "alice@example.com", ["platform-admin"]);

    /// <summary>Signs ID tokens with a key the JWKS does not publish, as a forger would.</summary>
    public bool SignWithUnpublishedKey { get; set; }

    private int _verifiedPkceExchanges;

    /// <summary>Code exchanges that presented a code verifier matching the challenge.</summary>
    public int VerifiedPkceExchanges => Volatile.Read(ref _verifiedPkceExchanges);

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        provider._app = app;
        var key = new RsaSecurityKey(provider._rsa.ExportParameters(false)) { KeyId = "test-key-1" };
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Issuer,
            ["authorization_endpoint"] = $"{provider.Issuer}/authorize",
            ["token_endpoint"] = $"{provider.Issuer}/token",
            ["jwks_uri"] = $"{provider.Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[] { "openid", "profile", "email" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (Func<HttpContext, IResult>)provider.Authorize);
        app.MapPost("/token", (Func<HttpContext, Task<IResult>>)provider.TokenAsync);
        await app.StartAsync();
        provider.Issuer = app.Urls.Single().TrimEnd('/');
        return provider;
    }

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256"
            || string.IsNullOrEmpty(query["code_challenge"]) || string.IsNullOrEmpty(query["redirect_uri"]))
        {
            return Results.BadRequest("client_id, response_type=code, redirect_uri and a S256 code_challenge are required");
        }

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new Grant(query["redirect_uri"]!, query["code_challenge"]!, query["nonce"], NextUser);
        var separator = query["redirect_uri"].ToString().Contains('?') ? '&' : '?';
        return Results.Redirect($"{query["redirect_uri"]}{separator}code={code}&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(context, form);
        if (clientId != ClientId || secret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"])
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (challenge != grant.CodeChallenge)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: 400);
        }

        Interlocked.Increment(ref _verifiedPkceExchanges);
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = grant.User.Subject,
            ["email"] = grant.User.Email,
            ["name"] = grant.User.Subject,
            ["groups"] = grant.User.Groups,
        };
        if (grant.Nonce is not null)
        {
            claims["nonce"] = grant.Nonce;
        }

        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(SignWithUnpublishedKey ? _unpublished : _rsa) { KeyId = "test-key-1" }, SecurityAlgorithms.RsaSha256),
        });
        return Results.Json(new { access_token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpContext context, IFormCollection form)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : null);
        }

        return (form["client_id"], form["client_secret"]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
        _unpublished.Dispose();
    }

    private sealed record Grant(string RedirectUri, string CodeChallenge, string? Nonce, TestUser User);
}

public sealed record TestUser(string Subject, string Email, string[] Groups);
