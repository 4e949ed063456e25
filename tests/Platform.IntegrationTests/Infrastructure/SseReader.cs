using System.Text.Json;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>Reads a server-sent event stream's <c>data:</c> payloads in order.</summary>
public static class SseReader
{
    public static async Task<List<string>> ReadDataAsync(HttpResponseMessage response)
    {
        var events = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(line["data: ".Length..]);
            }
        }

        return events;
    }

    /// <summary>The completion text carried by a stream's chunks, joined.</summary>
    public static string JoinedText(IEnumerable<string> events) => string.Concat(events
        .Where(data => data != "[DONE]")
        .Select(data => JsonDocument.Parse(data).RootElement)
        .Where(chunk => chunk.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0)
        .Select(chunk => chunk.GetProperty("choices")[0].GetProperty("text").GetString()));
}
