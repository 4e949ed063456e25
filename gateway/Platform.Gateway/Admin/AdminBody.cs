using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Platform.Gateway.Http;

namespace Platform.Gateway.Admin;

internal static partial class AdminBody
{
    private const int MaxBytes = 64 * 1024;

    /// <summary>Reads a JSON body that must be an object: any other JSON would read as "no fields given".</summary>
    public static async Task<RequestBody> ReadAsync(HttpContext context)
    {
        var body = await RequestBody.ReadJsonAsync(context.Request, MaxBytes, context.RequestAborted);
        if (body.Document is { RootElement.ValueKind: not JsonValueKind.Object } document)
        {
            document.Dispose();
            return new RequestBody(null, GatewayProblems.InvalidRequest(
                new Dictionary<string, string[]> { ["body"] = ["The request body must be a JSON object."] }));
        }

        return body;
    }

    public static bool ValidId(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z")]
    private static partial Regex IdPattern();
}
