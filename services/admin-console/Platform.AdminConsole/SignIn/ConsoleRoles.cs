using System.Security.Claims;

namespace Platform.AdminConsole.SignIn;

/// <summary>The console's two roles, as claims on its own cookie, whichever way the person signed in.</summary>
public static class ConsoleRoles
{
    public const string Admin = "console-admin";
    public const string ReadOnly = "console-viewer";

    /// <summary>Policy for every page: either role.</summary>
    public const string ReadPolicy = "console-read";

    /// <summary>Policy for changes: the admin role.</summary>
    public const string AdminPolicy = "console-admin";

    public const string CookieScheme = "PlatformConsole";
    public const string OidcScheme = "PlatformConsoleOidc";

    /// <summary>How the person shows in the gateway's audit log: name, and how they signed in.</summary>
    public static string ActorName(ClaimsPrincipal user)
    {
        var name = user.Identity?.Name ?? "unknown";
        var method = user.FindFirst(SignInMethodClaim)?.Value ?? "console";
        var actor = $"{name} [{method}]";
        return actor.Length <= 150 ? actor : actor[..150];
    }

    public const string SignInMethodClaim = "console_sign_in";

    /// <summary>The console's own identity for a person: a name, a role and how they signed in.</summary>
    public static ClaimsPrincipal Principal(string name, string role, string method) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(SignInMethodClaim, method)],
            CookieScheme, ClaimTypes.Name, ClaimTypes.Role));
}
