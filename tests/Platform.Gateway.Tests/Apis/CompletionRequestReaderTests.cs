using System.Text.Json;
using Platform.Gateway.Apis;

namespace Platform.Gateway.Tests.Apis;

public sealed class CompletionRequestReaderTests
{
    private static (CompletionRequest? Request, Dictionary<string, string[]> Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var request = CompletionRequestReader.Read(document.RootElement, new SamplingDefaults(), out var errors);
        return (request, errors);
    }

    [Fact]
    public void Full_request_is_read_with_every_field()
    {
        var (request, errors) = Read("""
            {"model":"m","prompt":"def f(","suffix":"\n","max_tokens":7,"temperature":0,"top_p":0.5,
             "stop":["\n\n","#"],"stream":true,"stream_options":{"include_usage":true},"seed":42,
             "presence_penalty":0.1,"frequency_penalty":-0.2,"n":1,"logprobs":null}
            """);

        Assert.Empty(errors);
        Assert.NotNull(request);
        Assert.Equal("m", request.Model);
        Assert.Equal("def f(", request.Prompt);
        Assert.Equal("\n", request.Suffix);
        Assert.Equal(7, request.Sampling.MaxTokens);
        Assert.Equal(0f, request.Sampling.Temperature);
        Assert.Equal(0.5f, request.Sampling.TopP);
        Assert.Equal(["\n\n", "#"], request.Sampling.Stop);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsageInStream);
        Assert.Equal(42, request.Sampling.Seed);
    }

    [Fact]
    public void Defaults_follow_openai_when_fields_are_absent_or_null()
    {
        var (request, errors) = Read("""{"prompt":["x"],"max_tokens":null,"stop":"\n"}""");

        Assert.Empty(errors);
        Assert.NotNull(request);
        Assert.Null(request.Model);
        Assert.Equal(16, request.Sampling.MaxTokens);
        Assert.Equal(1f, request.Sampling.Temperature);
        Assert.Equal(["\n"], request.Sampling.Stop);
        Assert.False(request.Stream);
    }

    [Fact]
    public void Legacy_logprobs_count_asks_for_that_many_alternatives()
    {
        var (request, errors) = Read("""{"prompt":"x","logprobs":2}""");

        Assert.Empty(errors);
        Assert.True(request!.Sampling.Logprobs);
        Assert.Equal(2, request.Sampling.TopLogprobs);
    }

    [Theory]
    [InlineData("""{"max_tokens":5}""", "prompt")]
    [InlineData("""{"prompt":5}""", "prompt")]
    [InlineData("""{"prompt":["a","b"]}""", "prompt")]
    [InlineData("""{"prompt":"x","max_tokens":0}""", "max_tokens")]
    [InlineData("""{"prompt":"x","max_tokens":-3}""", "max_tokens")]
    [InlineData("""{"prompt":"x","max_tokens":-1e12}""", "max_tokens")]
    [InlineData("""{"prompt":"x","max_tokens":"10"}""", "max_tokens")]
    [InlineData("""{"prompt":"x","max_tokens":2.5}""", "max_tokens")]
    [InlineData("""{"prompt":"x","temperature":3}""", "temperature")]
    [InlineData("""{"prompt":"x","top_p":0}""", "top_p")]
    [InlineData("""{"prompt":"x","stop":[1]}""", "stop")]
    [InlineData("""{"prompt":"x","stop":["a","b","c","d","e"]}""", "stop")]
    [InlineData("""{"prompt":"x","stream":"yes"}""", "stream")]
    [InlineData("""{"prompt":"x","n":2}""", "n")]
    [InlineData("""{"prompt":"x","echo":true}""", "echo")]
    [InlineData("""{"prompt":"x","logprobs":6}""", "logprobs")]
    [InlineData("""{"prompt":"x","logprobs":true}""", "logprobs")]
    [InlineData("""{"prompt":"x","model":""}""", "model")]
    [InlineData("""{"prompt":"x","model":7}""", "model")]
    [InlineData("""{"prompt":"x","stream_options":{"include_usage":1}}""", "stream_options.include_usage")]
    [InlineData("""[1,2]""", "body")]
    public void Invalid_field_is_reported_by_name(string json, string field)
    {
        var (request, errors) = Read(json);

        Assert.Null(request);
        Assert.Contains(field, errors.Keys);
        Assert.All(errors.Values, messages => Assert.All(messages, message => Assert.False(string.IsNullOrWhiteSpace(message))));
    }
}
