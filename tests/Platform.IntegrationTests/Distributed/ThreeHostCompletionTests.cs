using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Distributed;

[Collection(DistributedPlatformDefinition.Name)]
public sealed class ThreeHostCompletionTests(DistributedPlatform platform)
{
    [Fact]
    public async Task Plain_completion_travels_gateway_to_worker_and_back_over_rabbitmq()
    {
        using var client = platform.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/completions",
            new { prompt = "def fibonacci(n):", max_tokens = 8, temperature = 0 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("cmpl-", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("text_completion", body.GetProperty("object").GetString());
        Assert.Equal("tiny-coder", body.GetProperty("model").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.Equal(JsonValueKind.String, choice.GetProperty("text").ValueKind);
        Assert.Contains(choice.GetProperty("finish_reason").GetString(), new[] { "stop", "length" });
        var usage = body.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 1, 8);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
        // The worker's own time and the queue wait travel back so clients can tell platform overhead from model work.
        var workerMs = double.Parse(Assert.Single(response.Headers.GetValues("x-platform-worker-ms")), CultureInfo.InvariantCulture);
        var queueMs = double.Parse(Assert.Single(response.Headers.GetValues("x-platform-queue-ms")), CultureInfo.InvariantCulture);
        Assert.True(workerMs > 0, $"worker time {workerMs} ms");
        Assert.True(queueMs >= 0, $"queue time {queueMs} ms");
    }

    [Fact]
    public async Task Streamed_completion_arrives_as_sse_ending_in_done_with_the_same_text_as_plain()
    {
        using var client = platform.CreateClient();
        var request = new { prompt = "public static int Add(int a, int b)", suffix = "}\n", max_tokens = 12, temperature = 0 };

        using var plain = await client.PostAsJsonAsync("/v1/completions", request);
        var plainText = (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0].GetProperty("text").GetString();

        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = JsonContent.Create(new { request.prompt, request.suffix, request.max_tokens, request.temperature, stream = true }),
        };
        using var streamed = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        var events = await SseReader.ReadDataAsync(streamed);
        Assert.Equal("[DONE]", events[^1]);
        Assert.True(events.Count >= 3, $"expected text chunks, a finish chunk and [DONE]; got {events.Count} events");
        Assert.Equal(plainText, SseReader.JoinedText(events));
    }

    [Fact]
    public async Task Missing_key_gets_401_problem_json()
    {
        using var client = platform.CreateClient(authenticated: false);

        using var response = await client.PostAsJsonAsync("/v1/completions", new { prompt = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_host_is_ready_with_its_real_dependencies()
    {
        using var http = new HttpClient();
        var gateway = await http.GetFromJsonAsync<JsonElement>(new Uri(platform.Gateway.BaseAddress(), "/health/ready"));
        var worker = await http.GetFromJsonAsync<JsonElement>(new Uri(platform.Worker.BaseAddress(), "/health/ready"));
        var completion = await http.GetFromJsonAsync<JsonElement>(new Uri(platform.CompletionService.BaseAddress(), "/health/ready"));

        Assert.Equal("Healthy", gateway.GetProperty("status").GetString());
        foreach (var check in new[] { "bus", "gateway-store", "redis" })
        {
            Assert.Equal("Healthy", gateway.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        Assert.Equal("Healthy", worker.GetProperty("checks").GetProperty("model").GetProperty("status").GetString());
        Assert.Equal("Healthy", completion.GetProperty("checks").GetProperty("bus").GetProperty("status").GetString());
    }
}
