using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Embedded;

/// <summary>The README's run command: one process, no servers, a bootstrap key printed at first start.</summary>
public sealed class EmbeddedRunCommandTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"platform-embedded-{Guid.NewGuid():N}");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Embedded_platform_starts_in_Development_where_every_service_lifetime_is_validated()
    {
        // Development validates scopes and builds every registration at start: a singleton holding a scoped
        // service would stop the host here.
        await using var platform = await EmbeddedPlatformProcess.StartAsync(_dataDirectory, "Development");
        var key = platform.PrintedApiKey ?? throw new InvalidOperationException($"No key printed:\n{platform.Output}");
        using var client = Client(platform.BaseAddress, key);

        using var completion = await client.PostAsJsonAsync("/v1/completions", new { prompt = "def f():", max_tokens = 2, temperature = 0 });

        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
    }

    [Fact]
    public async Task Embedded_platform_serves_completions_with_its_bootstrap_key_and_keeps_it_across_restarts()
    {
        string key;
        await using (var platform = await EmbeddedPlatformProcess.StartAsync(_dataDirectory))
        {
            key = platform.PrintedApiKey ?? throw new InvalidOperationException($"No key printed:\n{platform.Output}");
            Assert.StartsWith("sk-plat-", key, StringComparison.Ordinal);
            using var client = Client(platform.BaseAddress, key);

            using var plain = await client.PostAsJsonAsync("/v1/completions", new { prompt = "def hello():", max_tokens = 6, temperature = 0 });
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            var body = await plain.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("text_completion", body.GetProperty("object").GetString());
            Assert.Equal(JsonValueKind.String, body.GetProperty("choices")[0].GetProperty("text").ValueKind);
            Assert.True(body.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);

            using var streamRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
            {
                Content = JsonContent.Create(new { prompt = "x = ", suffix = "\n", max_tokens = 6, temperature = 0, stream = true }),
            };
            using var streamed = await client.SendAsync(streamRequest, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
            Assert.Equal("[DONE]", (await SseReader.ReadDataAsync(streamed))[^1]);

            // The chat service is composed into the one process too.
            using var chat = await client.PostAsJsonAsync("/v1/chat/completions",
                new { messages = new[] { new { role = "user", content = "hello" } }, max_tokens = 4, temperature = 0 });
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
            Assert.Equal("chat.completion", (await chat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("object").GetString());

            using var anonymous = new HttpClient { BaseAddress = platform.BaseAddress };
            using var unauthorized = await anonymous.PostAsJsonAsync("/v1/completions", new { prompt = "x" });
            await AssertProblemAsync(unauthorized, HttpStatusCode.Unauthorized);

            using var malformed = await client.PostAsync("/v1/completions", new StringContent("{\"prompt\": ", Encoding.UTF8, "application/json"));
            await AssertProblemAsync(malformed, HttpStatusCode.BadRequest);

            // Usage is metered into SQLite too, and the admin API aggregates it by day.
            var adminToken = platform.PrintedAdminToken ?? throw new InvalidOperationException($"No admin token printed:\n{platform.Output}");
            using var admin = Client(platform.BaseAddress, adminToken);
            var requests = 0;
            for (var attempt = 0; attempt < 50 && requests < 2; attempt++)
            {
                var usage = await admin.GetFromJsonAsync<JsonElement>("/admin/v1/usage?groupBy=day");
                requests = usage.GetProperty("data").EnumerateArray().Sum(row => row.GetProperty("requests").GetInt32());
                await Task.Delay(100);
            }

            Assert.True(requests >= 2, $"metered {requests} requests");

            var database = await File.ReadAllBytesAsync(Path.Combine(_dataDirectory, "gateway.db"));
            Assert.DoesNotContain(key, Encoding.UTF8.GetString(database), StringComparison.Ordinal);
            Assert.DoesNotContain(adminToken, Encoding.UTF8.GetString(database), StringComparison.Ordinal);
        }

        await using (var restarted = await EmbeddedPlatformProcess.StartAsync(_dataDirectory))
        {
            Assert.Null(restarted.PrintedApiKey);
            using var client = Client(restarted.BaseAddress, key);
            using var again = await client.PostAsJsonAsync("/v1/completions", new { prompt = "def hello():", max_tokens = 2 });
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
    }

    private static HttpClient Client(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }
}
