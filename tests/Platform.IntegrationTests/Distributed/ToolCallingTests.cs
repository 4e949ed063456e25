using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Distributed;

/// <summary>
/// Tool calling over the whole path: the gateway reads tools, the chat service writes them into the prompt, the
/// (scripted) model answers with Hermes-style call text through the real worker, and the gateway turns it back into
/// OpenAI's <c>tool_calls</c>, plain and streamed.
/// </summary>
[Collection(DistributedPlatformDefinition.Name)]
public sealed class ToolCallingTests(DistributedPlatform platform)
{
    internal static readonly object WeatherTool = new
    {
        type = "function",
        function = new
        {
            name = "get_weather",
            description = "The current weather in a city.",
            parameters = new { type = "object", properties = new { city = new { type = "string" }, unit = new { type = "string" } }, required = new[] { "city" } },
        },
    };

    private static readonly object[] Question = [new { role = "user", content = "What is the weather in Paris?" }];

    [Fact]
    public async Task Model_tool_call_text_comes_back_as_tool_calls_with_finish_reason_tool_calls()
    {
        using var client = platform.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = ScriptedModel.Name, messages = Question, tools = new[] { WeatherTool }, tool_choice = "auto", parallel_tool_calls = true,
            max_tokens = 200,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choice = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var call = Assert.Single(message.GetProperty("tool_calls").EnumerateArray());
        Assert.StartsWith("call_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        var arguments = JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement;
        Assert.Equal("Paris", arguments.GetProperty("city").GetString());
    }

    [Fact]
    public async Task Streamed_tool_call_sends_index_id_and_name_first_then_argument_fragments()
    {
        using var client = platform.CreateClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = ScriptedModel.Name, messages = Question, tools = new[] { WeatherTool }, stream = true, max_tokens = 200 }),
        };

        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chunks = (await SseReader.ReadDataAsync(response)).Where(data => data != "[DONE]")
            .Select(data => JsonDocument.Parse(data).RootElement.GetProperty("choices")[0]).ToList();
        var callDeltas = chunks.Where(choice => choice.GetProperty("delta").TryGetProperty("tool_calls", out _))
            .Select(choice => choice.GetProperty("delta").GetProperty("tool_calls")[0]).ToList();
        Assert.True(callDeltas.Count >= 3, "the name chunk and at least two argument fragments");
        var first = callDeltas[0];
        Assert.Equal(0, first.GetProperty("index").GetInt32());
        Assert.StartsWith("call_", first.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("get_weather", first.GetProperty("function").GetProperty("name").GetString());
        Assert.All(callDeltas.Skip(1), delta =>
        {
            Assert.Equal(0, delta.GetProperty("index").GetInt32());
            Assert.False(delta.TryGetProperty("id", out _));
        });
        var arguments = string.Concat(callDeltas.Select(delta => delta.GetProperty("function").GetProperty("arguments").GetString()));
        Assert.Equal("Paris", JsonDocument.Parse(arguments).RootElement.GetProperty("city").GetString());
        Assert.DoesNotContain(chunks, choice => choice.GetProperty("delta").TryGetProperty("content", out var content)
            && content.GetString()!.Contains("tool_call", StringComparison.Ordinal));
        Assert.Equal("tool_calls", chunks[^1].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Tool_result_in_the_conversation_gets_the_final_answer()
    {
        using var client = platform.CreateClient();
        object[] conversation =
        [
            Question[0],
            new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id = "call_1", type = "function", function = new { name = "get_weather", arguments = """{"city":"Paris"}""" } } } },
            new { role = "tool", tool_call_id = "call_1", content = """{"temperature": 18, "sky": "sunny"}""" },
        ];

        using var response = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model = ScriptedModel.Name, messages = conversation, tools = new[] { WeatherTool }, max_tokens = 200 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choice = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(ScriptedModel.FinalAnswer, choice.GetProperty("message").GetProperty("content").GetString());
        Assert.False(choice.GetProperty("message").TryGetProperty("tool_calls", out _));
    }

    [Fact]
    public async Task Named_tool_choice_forces_that_function()
    {
        using var client = platform.CreateClient();
        var otherTool = new { type = "function", function = new { name = "get_time", parameters = new { type = "object" } } };

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = ScriptedModel.Name, messages = Question, tools = new[] { otherTool, WeatherTool },
            tool_choice = new { type = "function", function = new { name = "get_weather" } }, max_tokens = 200,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choice = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
        var call = Assert.Single(choice.GetProperty("message").GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("celsius", JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task Tool_call_with_invalid_json_arguments_comes_back_as_text_not_an_error()
    {
        using var client = platform.CreateClient();
        var broken = new { type = "function", function = new { name = "broken_tool", parameters = new { type = "object" } } };

        using var response = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model = ScriptedModel.Name, messages = Question, tools = new[] { broken }, max_tokens = 200 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choice = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Contains("broken_tool", choice.GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.False(choice.GetProperty("message").TryGetProperty("tool_calls", out _));
    }

    [Fact]
    public async Task Agent_style_request_with_every_optional_field_and_max_tokens_32000_succeeds_clamped_to_the_context()
    {
        using var client = platform.CreateClient();
        var body = $$$"""
            {"model":"tiny-coder","messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"https://example.invalid/a.png"}}]}],
             "max_tokens":32000,"temperature":0,"tools":[{{{JsonSerializer.Serialize(WeatherTool)}}}],"tool_choice":"none","parallel_tool_calls":false,
             "stream_options":{"include_usage":true},"n":1,"logit_bias":{"1":-100},"response_format":{"type":"json_object"},"store":false,
             "metadata":{"run":"1"},"service_tier":"auto","reasoning_effort":"low","user":"u","prediction":{"type":"content","content":"x"},
             "modalities":["text"],"prompt_cache_key":"k","safety_identifier":"s","top_logprobs":0}
            """;

        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var usage = answer.GetProperty("usage");
        var total = usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32();
        var finish = answer.GetProperty("choices")[0].GetProperty("finish_reason").GetString();
        Assert.True(total <= 512, $"the tiny model's context is 512 tokens; used {total}");
        Assert.True(finish == "stop" || total == 512, $"finish {finish} with {total} tokens: a length stop must fill the context");
    }
}
