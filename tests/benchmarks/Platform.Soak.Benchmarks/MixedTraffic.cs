using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Platform.Soak.Benchmarks;

/// <summary>
/// The traffic of a soak, by turns: streamed and whole code completions, streamed chat, a stream the client abandons
/// after its first event (a cancel travels to the worker), a malformed body (400) and an unknown key (401), so that
/// every path that allocates per request is exercised for the whole run.
/// </summary>
internal sealed class MixedTraffic(Uri gateway, string apiKey)
{
    private long _sent;
    private long _ok;
    private long _failed;

    public long Sent => Interlocked.Read(ref _sent);
    public long Ok => Interlocked.Read(ref _ok);
    public long Failed => Interlocked.Read(ref _failed);

    public async Task RunClientAsync(int index, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        for (var turn = index; !stop.IsCancellationRequested; turn++)
        {
            Interlocked.Increment(ref _sent);
            try
            {
                var expected = await SendAsync(client, turn % 6, stop);
                Interlocked.Increment(ref expected ? ref _ok : ref _failed);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    /// <summary>Sends one request of the given kind; true when it got what that kind should get.</summary>
    private static async Task<bool> SendAsync(HttpClient client, int kind, CancellationToken stop)
    {
        const string Prompt = "def quicksort(items):\n    ";
        switch (kind)
        {
            case 0 or 1:
                using (var response = await client.PostAsJsonAsync("/v1/completions",
                    new { prompt = Prompt, max_tokens = 24, temperature = 0, stream = kind == 0 }, stop))
                {
                    await response.Content.ReadAsStringAsync(stop);
                    return response.IsSuccessStatusCode;
                }
            case 2:
                using (var response = await client.PostAsJsonAsync("/v1/chat/completions",
                    new { messages = new[] { new { role = "user", content = "Explain quicksort." } }, max_tokens = 24, stream = true }, stop))
                {
                    await response.Content.ReadAsStringAsync(stop);
                    return response.IsSuccessStatusCode;
                }
            case 3:
                using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
                {
                    Content = JsonContent.Create(new { prompt = Prompt, max_tokens = 200, stream = true }),
                })
                using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop))
                {
                    // Read the first event, then leave: the gateway cancels the generation on the worker.
                    await using var body = await response.Content.ReadAsStreamAsync(stop);
                    using var reader = new StreamReader(body);
                    await reader.ReadLineAsync(stop);
                    return response.IsSuccessStatusCode;
                }
            case 4:
                using (var response = await client.PostAsync("/v1/completions", new StringContent("{\"prompt\": ", null, "application/json"), stop))
                {
                    return (int)response.StatusCode == 400;
                }
            default:
                using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
                {
                    Content = JsonContent.Create(new { prompt = Prompt, max_tokens = 8 }),
                })
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"sk-plat-{Guid.NewGuid():N}");
                    using var response = await client.SendAsync(request, stop);
                    return (int)response.StatusCode is 401 or 429;
                }
        }
    }
}
