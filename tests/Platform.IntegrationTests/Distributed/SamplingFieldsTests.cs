using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Distributed;

/// <summary>Token-level sampling fields and logprobs over the real bus: gateway → service → worker → gateway.</summary>
[Collection(DistributedPlatformDefinition.Name)]
public sealed class SamplingFieldsTests(DistributedPlatform platform)
{
    private static readonly object[] Conversation = [new { role = "user", content = "Write a Python function that adds two numbers." }];

    [Fact]
    public async Task Chat_logprobs_come_back_per_token_plain_and_streamed()
    {
        using var client = platform.CreateClient();
        var request = new { messages = Conversation, max_tokens = 6, temperature = 0, logprobs = true, top_logprobs = 2, min_tokens = 6 };

        using var plain = await client.PostAsJsonAsync("/v1/chat/completions", request);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        var choice = (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
        var content = choice.GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(6, content.Count);
        Assert.All(content, token =>
        {
            Assert.True(token.GetProperty("logprob").GetDouble() <= 0);
            Assert.Equal(2, token.GetProperty("top_logprobs").GetArrayLength());
        });
        var bytes = content.SelectMany(t => t.GetProperty("bytes").EnumerateArray().Select(b => (byte)b.GetInt32())).ToArray();
        Assert.Equal(choice.GetProperty("message").GetProperty("content").GetString(), Encoding.UTF8.GetString(bytes));

        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { messages = Conversation, max_tokens = 6, temperature = 0, logprobs = true, top_logprobs = 2, min_tokens = 6, stream = true }),
        };
        using var streamed = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        var events = await SseReader.ReadDataAsync(streamed);
        var streamedTokens = events[..^1]
            .Select(data => JsonDocument.Parse(data).RootElement.GetProperty("choices")[0])
            .Where(c => c.TryGetProperty("logprobs", out var l) && l.ValueKind == JsonValueKind.Object)
            .SelectMany(c => c.GetProperty("logprobs").GetProperty("content").EnumerateArray().Select(t => t.GetProperty("token").GetString()))
            .ToList();
        Assert.Equal(content.Select(t => t.GetProperty("token").GetString()), streamedTokens);
    }

    [Fact]
    public async Task Completions_logprobs_use_the_legacy_parallel_arrays_and_logit_bias_reaches_the_sampler()
    {
        using var client = platform.CreateClient();
        using var first = await client.PostAsJsonAsync("/v1/completions",
            new { prompt = "def add(a, b):\n    ", max_tokens = 1, min_tokens = 1, temperature = 0, logprobs = 1 });
        var greedy = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
        var logprobs = greedy.GetProperty("logprobs");
        Assert.Equal(greedy.GetProperty("text").GetString(), logprobs.GetProperty("tokens")[0].GetString());
        Assert.Equal(0, logprobs.GetProperty("text_offset")[0].GetInt32());

        // The tiny model's first 256 ids are the bytes: a +100 bias on 65 forces "A", so the bias reached the sampler.
        using var forced = await client.PostAsJsonAsync("/v1/completions", new
        {
            prompt = "def add(a, b):\n    ", max_tokens = 1, temperature = 0, logit_bias = new Dictionary<string, int> { ["65"] = 100 },
        });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal("A", (await forced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0].GetProperty("text").GetString());
    }
}
