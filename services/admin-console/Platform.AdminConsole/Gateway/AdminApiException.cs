using System.Net;
using System.Text.Json;

namespace Platform.AdminConsole.Gateway;

/// <summary>
/// The admin API said no (a problem+json answer), or could not be reached. Pages show <see cref="Message"/> and, next to
/// the fields, <see cref="FieldErrors"/>.
/// </summary>
public sealed class AdminApiException : Exception
{
    public AdminApiException(string message, HttpStatusCode? status = null, IReadOnlyDictionary<string, string[]>? fieldErrors = null)
        : base(message)
    {
        Status = status;
        FieldErrors = fieldErrors ?? new Dictionary<string, string[]>();
    }

    public AdminApiException(string message, Exception inner) : base(message, inner) => FieldErrors = new Dictionary<string, string[]>();

    /// <summary>The HTTP status, or null when the gateway could not be reached.</summary>
    public HttpStatusCode? Status { get; }

    public IReadOnlyDictionary<string, string[]> FieldErrors { get; }

    /// <summary>Reads a problem+json body; any other body gives a message naming the status.</summary>
    internal static async Task<AdminApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? title = null, detail = null;
        var errors = new Dictionary<string, string[]>();
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in fields.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()
                        : [field.Value.ToString()];
                }
            }
        }
        catch (JsonException)
        {
            // Not problem+json (a proxy's page, say): the status is all there is to tell.
        }

        var message = (title, detail) switch
        {
            (not null, not null) => $"{title}: {detail}",
            (null, not null) => detail,
            (not null, null) => title,
            _ => $"The gateway answered {(int)response.StatusCode} {response.ReasonPhrase}.",
        };
        return new AdminApiException(message, response.StatusCode, errors);
    }
}
