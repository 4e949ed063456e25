using System.Text.Json;
using Platform.Gateway.Apis;

namespace Platform.Gateway.Tests.Apis;

public sealed class ChatCompletionRequestReaderTests
{
    private static (ChatCompletionRequest? Request, Dictionary<string, string[]> Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var request = ChatCompletionRequestReader.Read(document.RootElement, new SamplingDefaults(), out var errors);
        return (request, errors);
    }

    [Fact]
    public void Logprobs_and_token_level_sampling_fields_are_read()
    {
        var (request, errors) = Read("""
            {"messages":[{"role":"user","content":"x"}],"max_tokens":20,"logprobs":true,"top_logprobs":3,
             "logit_bias":{"42":-100,"7":2.5},"min_tokens":4,"stop_token_ids":[151643,151645]}
            """);

        Assert.Empty(errors);
        var sampling = Assert.IsType<ChatCompletionRequest>(request).Sampling;
        Assert.True(sampling.Logprobs);
        Assert.Equal(3, sampling.TopLogprobs);
        Assert.Equal(-100f, sampling.LogitBias[42]);
        Assert.Equal(2.5f, sampling.LogitBias[7]);
        Assert.Equal(4, sampling.MinTokens);
        Assert.Equal([151643, 151645], sampling.StopTokenIds);
    }

    [Fact]
    public void Full_request_is_read_with_text_parts_joined_and_developer_as_system()
    {
        var (request, errors) = Read("""
            {"model":"m","messages":[{"role":"developer","content":"Be brief."},
             {"role":"user","content":[{"type":"text","text":"Hello, "},{"type":"text","text":"world"}],"name":"ann"},
             {"role":"assistant","content":"Hi."},{"role":"user","content":"More"}],
             "max_completion_tokens":7,"temperature":0.2,"top_p":0.5,"stop":"\n","seed":9,"stream":true,
             "stream_options":{"include_usage":true},"n":1,"tools":[],"tool_choice":"none","response_format":{"type":"text"},"user":"u"}
            """);

        Assert.Empty(errors);
        Assert.NotNull(request);
        Assert.Equal(["system", "user", "assistant", "user"], request.Messages.Select(m => m.Role));
        Assert.Equal("Hello, world", request.Messages[1].Content);
        Assert.Equal(7, request.Sampling.MaxTokens);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsageInStream);
        Assert.Equal(9, request.Sampling.Seed);
    }

    [Fact]
    public void Max_completion_tokens_wins_over_max_tokens_and_the_default_applies_without_either()
    {
        Assert.Equal(3, Read("""{"messages":[{"role":"user","content":"x"}],"max_tokens":5,"max_completion_tokens":3}""").Request!.Sampling.MaxTokens);
        Assert.Equal(5, Read("""{"messages":[{"role":"user","content":"x"}],"max_tokens":5}""").Request!.Sampling.MaxTokens);
        Assert.Equal(new SamplingDefaults().Chat.MaxTokens, Read("""{"messages":[{"role":"user","content":"x"}]}""").Request!.Sampling.MaxTokens);
    }

    [Theory]
    [InlineData("""{}""", "messages")]
    [InlineData("""{"messages":[]}""", "messages")]
    [InlineData("""{"messages":"hi"}""", "messages")]
    [InlineData("""{"messages":[5]}""", "messages[0]")]
    [InlineData("""{"messages":[{"content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"wizard","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"user"}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":7}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text"}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"messages":[{"role":"user","content":"\ud800"}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":0}""", "max_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function"}]}""", "tools[0].function")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{}}]}""", "tools[0].function.name")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}}""", "tool_choice")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"tool_choice":"sometimes"}""", "tool_choice")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"arguments":"{}"}}]}]}""", "messages[0].tool_calls[0].function.name")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":-3}""", "max_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":2.5}""", "max_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":"10"}""", "max_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"top_logprobs":3}""", "top_logprobs")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"logprobs":true,"top_logprobs":21}""", "top_logprobs")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"logit_bias":{"abc":1}}""", "logit_bias")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"logit_bias":{"5":101}}""", "logit_bias")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"stop_token_ids":[1,-2]}""", "stop_token_ids")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":4,"min_tokens":5}""", "min_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"tool_choice":"required"}""", "tool_choice")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", "temperature")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"model":""}""", "model")]
    public void Invalid_field_is_reported_by_name(string json, string field)
    {
        var (request, errors) = Read(json);

        Assert.Null(request);
        Assert.Contains(field, errors.Keys);
    }

    [Theory]
    [InlineData("32000", 8192)]
    [InlineData("99999999999999999999", 8192)]
    [InlineData("1e5", 8192)]
    [InlineData("100", 100)]
    public void Max_tokens_beyond_the_limit_is_lowered_to_it_not_refused(string value, int expected)
    {
        var (request, errors) = Read($$"""{"messages":[{"role":"user","content":"x"}],"max_completion_tokens":{{value}}}""");

        Assert.Empty(errors);
        Assert.Equal(expected, request!.Sampling.MaxTokens);
    }

    [Fact]
    public void Fields_a_code_model_cannot_honour_are_accepted_and_ignored()
    {
        var (request, errors) = Read("""
            {"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"x"}},{"type":"input_audio","input_audio":{}}]}],
             "n":2,"logprobs":true,"top_logprobs":3,"logit_bias":{"1":2},"response_format":{"type":"json_schema","json_schema":{}},"store":true,
             "metadata":{"a":"b"},"modalities":["text"],"audio":{},"prediction":{"type":"content","content":"x"},"reasoning_effort":"low",
             "service_tier":"auto","web_search_options":{},"verbosity":"low","safety_identifier":"s","prompt_cache_key":"k",
             "tools":[{"type":"custom","custom":{"name":"x"}}]}
            """);

        Assert.Empty(errors);
        Assert.Equal("hi", Assert.Single(request!.Messages).Content);
        Assert.Empty(request.Tools);
        Assert.False(request.CallsTools);
    }

    [Fact]
    public void Tools_choice_and_tool_turns_are_read()
    {
        var (request, errors) = Read("""
            {"messages":[{"role":"user","content":"weather?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
              {"role":"tool","tool_call_id":"call_9","content":[{"type":"text","text":"18C"}]}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"d","parameters":{"type":"object"},"strict":true}}],
             "tool_choice":"required","parallel_tool_calls":false}
            """);

        Assert.Empty(errors);
        var tool = Assert.Single(request!.Tools);
        Assert.Equal(("get_weather", "d", """{"type":"object"}"""), (tool.Name, tool.Description, tool.ParametersJson));
        Assert.Equal(Platform.Contracts.Chat.ToolChoiceMode.Required, request.ToolChoice.Mode);
        Assert.False(request.ParallelToolCalls);
        var call = Assert.Single(request.Messages[1].ToolCalls!);
        Assert.Equal(("call_9", "get_weather", """{"city":"Paris"}"""), (call.Id, call.Name, call.Arguments));
        Assert.Equal("", request.Messages[1].Content);
        Assert.Equal(("tool", "call_9", "18C"), (request.Messages[2].Role, request.Messages[2].ToolCallId, request.Messages[2].Content));
    }

    [Fact]
    public void Tools_without_a_choice_default_to_auto_and_legacy_functions_are_read_as_tools()
    {
        Assert.Equal(Platform.Contracts.Chat.ToolChoiceMode.Auto, Read("""
            {"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f"}}]}
            """).Request!.ToolChoice.Mode);
        var legacy = Read("""
            {"messages":[{"role":"user","content":"x"}],"functions":[{"name":"f","parameters":{}}],"function_call":{"name":"f"}}
            """).Request!;
        Assert.Equal("f", Assert.Single(legacy.Tools).Name);
        Assert.Equal(new Platform.Contracts.Chat.ChatToolChoice(Platform.Contracts.Chat.ToolChoiceMode.Function, "f"), legacy.ToolChoice);
    }
}
