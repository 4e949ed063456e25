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
    [InlineData("""{"messages":[{"role":"tool","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"user"}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":7}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text"}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"messages":[{"role":"user","content":"\ud800"}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":0}""", "max_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_completion_tokens":99999999}""", "max_completion_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"n":2}""", "n")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"top_logprobs":3}""", "top_logprobs")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"logprobs":true,"top_logprobs":21}""", "top_logprobs")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"logit_bias":{"abc":1}}""", "logit_bias")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"logit_bias":{"5":101}}""", "logit_bias")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"stop_token_ids":[1,-2]}""", "stop_token_ids")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":4,"min_tokens":5}""", "min_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function"}]}""", "tools")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"tool_choice":"required"}""", "tool_choice")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}""", "response_format")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", "temperature")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"model":""}""", "model")]
    public void Invalid_field_is_reported_by_name(string json, string field)
    {
        var (request, errors) = Read(json);

        Assert.Null(request);
        Assert.Contains(field, errors.Keys);
    }
}
