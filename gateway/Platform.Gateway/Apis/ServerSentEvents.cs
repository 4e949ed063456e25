using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>The <c>text/event-stream</c> framing OpenAI clients read: <c>data: {json}</c> events ending in <c>data: [DONE]</c>.</summary>
internal static class ServerSentEvents
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static void Begin(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // proxies must not buffer token streams
    }

    public static async Task WriteAsync<T>(HttpResponse response, T payload, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(DataPrefix, cancellationToken);
        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(payload), cancellationToken);
        await response.Body.WriteAsync(EventEnd, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public static async Task WriteDoneAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Done, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>A failure after the stream began can no longer change the status: it becomes an OpenAI error event.</summary>
    public static async Task WriteFailureAsync(HttpResponse response, GenerationEvent.Rejected rejected, CancellationToken cancellationToken)
    {
        await WriteAsync(response, new { error = new { message = rejected.Detail, type = "server_error", code = rejected.Code } }, cancellationToken);
        await WriteDoneAsync(response, cancellationToken);
    }
}
