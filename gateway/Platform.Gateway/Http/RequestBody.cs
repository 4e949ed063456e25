using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Gateway.Http;

/// <summary>Reads a JSON body within a size limit, turning every way it can be wrong into a 4xx problem.</summary>
internal sealed record RequestBody(JsonDocument? Document, IResult? Problem)
{
    public static async Task<RequestBody> ReadJsonAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJsonContentType(request.ContentType))
        {
            return new RequestBody(null, GatewayProblems.Create(StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type", $"The request body must be JSON (Content-Type: application/json); got '{request.ContentType}'.",
                "unsupported_media_type"));
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        // Read through Kestrel's own buffers until the body ends (or passes the limit), then copy it once, exactly sized.
        var reader = request.BodyReader;
        ReadResult result;
        try
        {
            while (true)
            {
                result = await reader.ReadAsync(cancellationToken);
                if (result.Buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                    return TooLarge(maxBytes);
                }

                if (result.IsCompleted)
                {
                    break;
                }

                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's own verdicts on the framing (bad chunking, a body over the server limit, a stalled upload).
            return new RequestBody(null, GatewayProblems.Create(exception.StatusCode, "Bad request body", exception.Message, "invalid_body"));
        }

        var bytes = result.Buffer.ToArray();
        reader.AdvanceTo(result.Buffer.End);
        if (bytes.Length == 0)
        {
            return new RequestBody(null, GatewayProblems.MalformedJson("the body is empty."));
        }

        try
        {
            return new RequestBody(JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 }), null);
        }
        catch (JsonException exception)
        {
            return new RequestBody(null, GatewayProblems.MalformedJson(exception.Message));
        }
        catch (ArgumentException exception)
        {
            // Invalid UTF-8 surfaces here on some paths.
            return new RequestBody(null, GatewayProblems.MalformedJson(exception.Message));
        }
    }

    // No Content-Type at all is taken as JSON (some clients omit it); a different one is refused.
    private static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? "";
        var charset = media.Charset.Value;
        return (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    private static RequestBody TooLarge(int maxBytes) => new(null, GatewayProblems.Create(
        StatusCodes.Status413PayloadTooLarge, "Request body too large",
        $"The request body must be at most {maxBytes} bytes.", "request_too_large"));
}
