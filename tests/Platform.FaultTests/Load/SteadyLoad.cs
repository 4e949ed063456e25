using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.FaultTests.Infrastructure;

namespace Platform.FaultTests.Load;

/// <summary>
/// A few clients sending code completions back to back, half of them streamed, each to a gateway a load balancer
/// would pick (one not killed). A failed request is followed by a short pause, as a client backs off.
/// </summary>
internal sealed class SteadyLoad : IAsyncDisposable
{
    private const string Prompt = "def fibonacci(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n";
    private readonly FaultPlatform _platform;
    private readonly List<RequestResult> _results = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];
    private readonly int _maxTokens;

    private SteadyLoad(FaultPlatform platform, int maxTokens)
    {
        _platform = platform;
        _maxTokens = maxTokens;
    }

    public IReadOnlyList<RequestResult> Results
    {
        get
        {
            lock (_results)
            {
                return [.. _results];
            }
        }
    }

    public static SteadyLoad Start(FaultPlatform platform, int clients, int maxTokens)
    {
        var load = new SteadyLoad(platform, maxTokens);
        for (var client = 0; client < clients; client++)
        {
            var streamed = client % 2 == 0;
            var index = client;
            load._clients.Add(Task.Run(() => load.RunClientAsync(index, streamed)));
        }

        return load;
    }

    /// <summary>Stops sending; requests in flight run to their end.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_clients);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunClientAsync(int index, bool streamed)
    {
        var turn = index;
        while (!_stop.IsCancellationRequested)
        {
            var gateways = _platform.Gateways;
            var gateway = gateways[turn++ % gateways.Count];
            using var client = _platform.Client(gateway);
            var result = await SendAsync(client, streamed);
            lock (_results)
            {
                _results.Add(result);
            }

            if (!result.Succeeded)
            {
                try
                {
                    await Task.Delay(200, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    private async Task<RequestResult> SendAsync(HttpClient client, bool streamed)
    {
        var started = DateTimeOffset.UtcNow;
        var body = new { model = FaultPlatform.Model, prompt = Prompt, max_tokens = _maxTokens, temperature = 0, stream = streamed };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = JsonContent.Create(body) };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                return new(started, DateTimeOffset.UtcNow, streamed, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), null, 0, false);
            }

            return streamed
                ? await ReadStreamAsync(started, response)
                : ReadAnswer(started, await response.Content.ReadFromJsonAsync<JsonElement>());
        }
        catch (TaskCanceledException)
        {
            return new(started, DateTimeOffset.UtcNow, streamed, "hung", null, 0, false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or JsonException)
        {
            return new(started, DateTimeOffset.UtcNow, streamed, "connection", null, 0, false);
        }
    }

    private static RequestResult ReadAnswer(DateTimeOffset started, JsonElement answer)
    {
        var id = GenerationIdOf(answer);
        var tokens = answer.TryGetProperty("usage", out var usage) ? usage.GetProperty("total_tokens").GetInt32() : 0;
        return new(started, DateTimeOffset.UtcNow, false, "ok", id, tokens, true);
    }

    /// <summary>Success is a finish chunk and <c>[DONE]</c> with no error event between.</summary>
    private static async Task<RequestResult> ReadStreamAsync(DateTimeOffset started, HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body, Encoding.UTF8);
        Guid? id = null;
        var finished = false;
        var text = false;
        string? error = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                var outcome = error is not null ? $"stream:{error}" : finished ? "ok" : "stream:incomplete";
                return new(started, DateTimeOffset.UtcNow, true, outcome, id, 0, text);
            }

            using var chunk = JsonDocument.Parse(data);
            if (chunk.RootElement.TryGetProperty("error", out var problem))
            {
                error = problem.TryGetProperty("code", out var code) ? code.GetString() : "error";
                continue;
            }

            id ??= GenerationIdOf(chunk.RootElement);
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                text |= choice.TryGetProperty("text", out var piece) && piece.GetString() is { Length: > 0 };
                finished |= choice.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String;
            }
        }

        return new(started, DateTimeOffset.UtcNow, true, "stream:cut", id, 0, text);
    }

    /// <summary>The completion id is <c>cmpl-</c> and the generation id in hex.</summary>
    private static Guid? GenerationIdOf(JsonElement chunk) =>
        chunk.TryGetProperty("id", out var id) && id.GetString() is { } value && value.IndexOf('-') is >= 0 and var dash
            && Guid.TryParseExact(value[(dash + 1)..], "N", out var guid)
            ? guid
            : null;
}
