using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Retrieval;

/// <summary>
/// Chat answers grounded through <c>/v1/chat/completions</c>' <c>context</c> field: the prompt the worker receives holds
/// the numbered sources and the instruction to cite them, and the answer carries the <c>citations</c> — beside the
/// message, or on the first streamed chunk, before any text. Web sources come from a real searx over a local site.
/// </summary>
[Collection(GroundedPlatformDefinition.Name)]
public sealed class ChatGroundingTests(GroundedPlatform platform)
{
    private const string RetryCode =
        "def retry_with_backoff(operation, attempts, base_delay):\n    for attempt in range(attempts):\n        try:\n" +
        "            return operation()\n        except TransientError:\n            sleep(base_delay * 2 ** attempt)\n    raise GiveUp()\n";

    [Fact]
    public async Task A_chat_grounded_in_a_repository_cites_the_file_range_beside_the_message()
    {
        var name = $"net-{Guid.NewGuid():N}";
        await platform.PushRepositoryAsync(name, ("net/retry_policy.py", RetryCode));
        using var http = platform.Client(platform.Served.Key);

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = ScriptedModel.Name,
            messages = new[] { new { role = "user", content = "How does retry_with_backoff wait between attempts?" } },
            context = new { repositories = new[] { name } },
        });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ScriptedModel.FinalAnswer, body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var citation = body.GetProperty("citations")[0];
        Assert.Equal(1, citation.GetProperty("index").GetInt32());
        Assert.Equal("file", citation.GetProperty("type").GetString());
        Assert.Equal(name, citation.GetProperty("repository").GetString());
        Assert.Equal("net/retry_policy.py", citation.GetProperty("path").GetString());
        Assert.Equal(1, citation.GetProperty("start_line").GetInt32());
        Assert.Equal(7, citation.GetProperty("end_line").GetInt32());

        var prompt = platform.ScriptedModel.LastPrompt;
        Assert.Contains("<|im_start|>system\nAnswer the user's question using the numbered sources below. Cite", prompt, StringComparison.Ordinal);
        Assert.Contains($"[1] {name}/net/retry_policy.py lines 1-7", prompt, StringComparison.Ordinal);
        Assert.Contains("sleep(base_delay * 2 ** attempt)", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_grounded_chat_sends_its_citations_before_the_first_token()
    {
        var name = $"net-{Guid.NewGuid():N}";
        await platform.PushRepositoryAsync(name, ("net/retry_policy.py", RetryCode));
        using var http = platform.Client(platform.Served.Key);

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = ScriptedModel.Name,
            stream = true,
            messages = new[]
            {
                new { role = "system", content = "You are terse." },
                new { role = "user", content = "Where is the retry backoff implemented?" },
            },
            context = new { repositories = Array.Empty<string>() }, // all of the tenant's repositories
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chunks = (await SseReader.ReadDataAsync(response)).Where(data => data != "[DONE]").Select(data => JsonDocument.Parse(data).RootElement).ToList();
        var first = chunks[0];
        Assert.Equal("assistant", first.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Contains(first.GetProperty("citations").EnumerateArray(), citation => citation.GetProperty("path").GetString() == "net/retry_policy.py");
        Assert.All(chunks.Skip(1), chunk => Assert.False(chunk.TryGetProperty("citations", out _)));
        var text = string.Concat(chunks.Select(chunk => chunk.GetProperty("choices") is { } choices && choices.GetArrayLength() > 0
            && choices[0].GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : ""));
        Assert.Equal(ScriptedModel.FinalAnswer, text);
        Assert.Contains("<|im_start|>system\nYou are terse.\n\nAnswer the user's question using the numbered sources", platform.ScriptedModel.LastPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chat_with_web_context_answers_from_pages_a_real_searx_found_and_cites_their_urls()
    {
        var searches = platform.Site.Searches;
        using var http = platform.Client(platform.Served.Key);

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = ScriptedModel.Name,
            messages = new[] { new { role = "user", content = $"What does the turbo frobnicate flag do? ({Guid.NewGuid():N})" } },
            context = new { web = true },
        });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var citations = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("citations").EnumerateArray().ToList();
        var page = Assert.Single(citations);
        Assert.Equal("url", page.GetProperty("type").GetString());
        Assert.Equal(platform.Site.PageUrl, page.GetProperty("url").GetString());
        Assert.Equal(LocalSite.PageTitle, page.GetProperty("title").GetString());
        Assert.True(platform.Site.Searches > searches, "searx did not ask the local site's search API.");
        Assert.Contains(LocalSite.PageFact, platform.ScriptedModel.LastPrompt, StringComparison.Ordinal); // fetched, not searx's snippet
        Assert.Contains($"[1] {LocalSite.PageTitle} — {platform.Site.PageUrl}", platform.ScriptedModel.LastPrompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"context\": {\"colour\": 1}}")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"context\": {\"web\": false}}")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"context\": {\"repositories\": [\"no-such-repository\"]}}")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"context\": [\"web\"]}")]
    public async Task A_malformed_or_unknown_context_gets_a_problem_answer(string body)
    {
        using var http = platform.Client(platform.Served.Key);
        using var response = await http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
