using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Platform.Gateway.Http;

namespace Platform.Gateway.Admin;

internal static partial class AdminBody
{
    private const int MaxBytes = 64 * 1024;

    public static Task<RequestBody> ReadAsync(HttpContext context) =>
        RequestBody.ReadJsonAsync(context.Request, MaxBytes, context.RequestAborted);

    public static bool ValidId(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}
