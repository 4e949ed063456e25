using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Distributed;

[Collection(DistributedPlatformDefinition.Name)]
public sealed class ChatActionTests(DistributedPlatform platform)
{
    [Fact]
    public async Task Fix_action_sends_the_selection_and_diagnostics_in_its_prompt_and_answers_as_chat()
    {
        using var client = platform.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/actions/fix", new
        {
            model = ScriptedModel.Name, selection = "def add(a, b):\n    return a - b", language = "python", filepath = "calc.py",
            diagnostics = new[] { "test_add: expected 3, got -1" }, max_tokens = 100,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal(ScriptedModel.FinalAnswer, body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var prompt = platform.ScriptedModel.LastPrompt;
        Assert.Contains("Fix the problems in the following python.", prompt, StringComparison.Ordinal);
        Assert.Contains("```python\ndef add(a, b):\n    return a - b\n```", prompt, StringComparison.Ordinal);
        Assert.Contains("- test_add: expected 3, got -1", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_message_action_streams_like_chat()
    {
        using var client = platform.CreateClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/actions/commit-message")
        {
            Content = JsonContent.Create(new { model = ScriptedModel.Name, diff = "--- a/x\n+++ b/x\n-a\n+b", stream = true }),
        };

        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await SseReader.ReadDataAsync(response);
        Assert.Equal("[DONE]", events[^1]);
        var content = string.Concat(events.SkipLast(1).Select(data => JsonDocument.Parse(data).RootElement.GetProperty("choices")[0].GetProperty("delta"))
            .Select(delta => delta.TryGetProperty("content", out var text) ? text.GetString() : ""));
        Assert.Equal(ScriptedModel.FinalAnswer, content);
        Assert.Contains("```diff\n--- a/x", platform.ScriptedModel.LastPrompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/chat/actions/dance", """{"selection":"x"}""", HttpStatusCode.NotFound)]
    [InlineData("/v1/chat/actions/translate", """{"selection":"x"}""", HttpStatusCode.BadRequest)]
    [InlineData("/v1/chat/actions/explain", """{"selection":""}""", HttpStatusCode.BadRequest)]
    [InlineData("/v1/chat/actions/explain", """{"selection":"x","bogus":1}""", HttpStatusCode.BadRequest)]
    public async Task Bad_action_requests_get_a_problem(string path, string body, HttpStatusCode status)
    {
        using var client = platform.CreateClient();

        using var response = await client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
