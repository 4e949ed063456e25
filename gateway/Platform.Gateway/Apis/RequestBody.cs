using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Gateway.Apis;

/// <summary>Reads a JSON body within a size limit, turning every way it can be wrong into a 4xx problem.</summary>
internal sealed record RequestBody(JsonDocument? Document, IResult? Problem)
{
    public static async Task<RequestBody> ReadJsonAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return new RequestBody(null, GatewayProblems.MalformedJson("the body is empty."));
        }

        try
        {
            return new RequestBody(JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 32 }), null);
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

    private static RequestBody TooLarge(int maxBytes) => new(null, GatewayProblems.Create(
        StatusCodes.Status413PayloadTooLarge, "Request body too large",
        $"The request body must be at most {maxBytes} bytes.", "request_too_large"));
}
