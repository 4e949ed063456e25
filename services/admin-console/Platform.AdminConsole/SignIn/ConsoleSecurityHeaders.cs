using Microsoft.AspNetCore.Http;

namespace Platform.AdminConsole.SignIn;

/// <summary>
/// Security headers on every console response: a CSP that admits only the console's own scripts and its Blazor
/// connection, no framing (clickjacking), no MIME sniffing, no referrer. MudBlazor sets inline styles, hence
/// <c>style-src 'unsafe-inline'</c>; no script is inline.
/// </summary>
internal static class ConsoleSecurityHeaders
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static Task Apply(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next();
    }
}
