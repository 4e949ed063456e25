using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Distributed;

[Collection(DistributedPlatformDefinition.Name)]
public sealed class ChatCompletionTests(DistributedPlatform platform)
{
    private static readonly object[] Conversation =
    [
        new { role = "system", content = "You are a terse coding assistant." },
        new { role = "user", content = "Write a Python function that adds two numbers." },
    ];

    [Fact]
    public async Task Plain_chat_travels_gateway_to_chat_service_to_worker_and_back()
    {
        using var client = platform.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model = "tiny-coder", messages = Conversation, max_tokens = 8, temperature = 0 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("chatcmpl-", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.String, choice.GetProperty("message").GetProperty("content").ValueKind);
        Assert.Contains(choice.GetProperty("finish_reason").GetString(), new[] { "stop", "length" });
        var usage = body.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 10, "the ChatML-rendered conversation is the prompt");
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 1, 8);
    }

    [Fact]
    public async Task Streamed_chat_sends_role_then_content_then_finish_and_usage_with_the_same_text_as_plain()
    {
        using var client = platform.CreateClient();
        using var plain = await client.PostAsJsonAsync("/v1/chat/completions",
            new { messages = Conversation, max_tokens = 10, temperature = 0 });
        var plainText = (await plain.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new
            {
                messages = Conversation, max_tokens = 10, temperature = 0, stream = true,
                stream_options = new { include_usage = true },
            }),
        };
        using var streamed = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        var events = await SseReader.ReadDataAsync(streamed);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(data => JsonDocument.Parse(data).RootElement).ToList();
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var withChoices = chunks.Where(chunk => chunk.GetProperty("choices").GetArrayLength() > 0).ToList();
        Assert.NotNull(withChoices[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var text = string.Concat(withChoices.Select(chunk => chunk.GetProperty("choices")[0].GetProperty("delta"))
            .Select(delta => delta.TryGetProperty("content", out var content) ? content.GetString() : ""));
        Assert.Equal(plainText, text);
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Fim_endpoint_answers_in_the_shape_continue_reads_plain_and_streamed()
    {
        using var client = platform.CreateClient();
        var request = new { prompt = "def add(a, b):\n    ", suffix = "\n\nprint(add(1, 2))", max_tokens = 6, temperature = 0 };

        using var plain = await client.PostAsJsonAsync("/v1/fim/completions", request);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        var choice = (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
        var content = choice.GetProperty("message").GetProperty("content").GetString();
        Assert.Equal(content, choice.GetProperty("text").GetString());

        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/fim/completions")
        {
            Content = JsonContent.Create(new { request.prompt, request.suffix, request.max_tokens, request.temperature, stream = true }),
        };
        using var streamed = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        var events = await SseReader.ReadDataAsync(streamed);
        Assert.Equal("[DONE]", events[^1]);
        var deltas = string.Concat(events[..^1].Select(data => JsonDocument.Parse(data).RootElement.GetProperty("choices")[0].GetProperty("delta"))
            .Select(delta => delta.TryGetProperty("content", out var piece) ? piece.GetString() : ""));
        Assert.Equal(content, deltas);
    }

    [Fact]
    public async Task Native_code_completion_uses_segments_and_its_id_keys_accepted_events()
    {
        using var client = platform.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/code/completions", new
        {
            language = "python",
            segments = new
            {
                prefix = "def area(r):\n    return ",
                suffix = "\n",
                filepath = "geometry/circle.py",
                git_url = "https://example.com/acme/geometry.git",
                declarations = new[] { new { filepath = "geometry/constants.py", body = "PI = 3.14159" } },
                relevant_snippets_from_changed_files = new[] { new { filepath = "geometry/square.py", body = "def area(s):\n    return s * s", score = 0.8 } },
                relevant_snippets_from_recently_opened_files = Array.Empty<object>(),
                clipboard = "PI * r * r",
            },
            max_tokens = 6,
            temperature = 0,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("cmpl-", id, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, body.GetProperty("choices")[0].GetProperty("text").ValueKind);
        Assert.True(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 20, "the cross-file context is in the prompt");

        foreach (var report in new object[]
        {
            new { type = "view", completion_id = id, choice_index = 0 },
            new { type = "select", completion_id = id, choice_index = 0, accepted_characters = 3, select_kind = "word", elapsed = 850 },
            new { type = "dismiss", completion_id = id },
        })
        {
            using var recorded = await client.PostAsJsonAsync("/v1/code/events", report);
            Assert.Equal(HttpStatusCode.Accepted, recorded.StatusCode);
        }

        using var unknown = await client.PostAsJsonAsync("/v1/code/events", new { type = "accept", completion_id = id });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Prompt_over_the_models_context_is_a_400_problem()
    {
        using var client = platform.CreateClient();
        var prompt = string.Concat(Enumerable.Repeat("def f(x): return x * 2 + 1  # ", 4000));

        using var response = await client.PostAsJsonAsync("/v1/completions", new { prompt, max_tokens = 4 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("context_length_exceeded", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task OpenApi_document_lists_every_public_endpoint()
    {
        using var http = new HttpClient { BaseAddress = platform.Gateway.BaseAddress() };

        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/completions", "/v1/chat/completions", "/v1/fim/completions", "/v1/code/completions", "/v1/code/events", "/v1/models" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
    }
}
