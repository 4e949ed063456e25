using System.Text.Json;
using Platform.Contracts.Generation;
using Platform.Gateway.Apis;

namespace Platform.Gateway.Tests.Apis;

public sealed class OpenAiLogprobsTests
{
    private static readonly TokenLogprob[] Tokens =
    [
        new("def", -0.25f, [0x64, 0x65, 0x66], [new TopTokenLogprob("def", -0.25f, [0x64, 0x65, 0x66]), new TopTokenLogprob("class", -2f, [0x63, 0x6C, 0x61, 0x73, 0x73])]),
        new(" f", -1f, [0x20, 0x66], [new TopTokenLogprob(" f", -1f, [0x20, 0x66])]),
    ];

    [Fact]
    public void Chat_logprobs_are_a_content_list_with_bytes_and_alternatives()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize<object?>(OpenAiLogprobs.Chat(Tokens)));

        var content = json.RootElement.GetProperty("content");
        Assert.Equal(2, content.GetArrayLength());
        Assert.Equal("def", content[0].GetProperty("token").GetString());
        Assert.Equal(-0.25, content[0].GetProperty("logprob").GetDouble());
        Assert.Equal([0x64, 0x65, 0x66], content[0].GetProperty("bytes").EnumerateArray().Select(b => b.GetInt32()));
        Assert.Equal("class", content[0].GetProperty("top_logprobs")[1].GetProperty("token").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("refusal").ValueKind);
    }

    [Fact]
    public void Completion_logprobs_are_parallel_arrays_with_text_offsets()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize<object?>(OpenAiLogprobs.Completion(Tokens, textOffset: 10)));

        var root = json.RootElement;
        Assert.Equal(["def", " f"], root.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([-0.25, -1.0], root.GetProperty("token_logprobs").EnumerateArray().Select(t => t.GetDouble()));
        Assert.Equal(-2.0, root.GetProperty("top_logprobs")[0].GetProperty("class").GetDouble());
        Assert.Equal([10, 13], root.GetProperty("text_offset").EnumerateArray().Select(t => t.GetInt32()));
    }

    [Fact]
    public void No_tokens_means_no_logprobs_object()
    {
        Assert.Null(OpenAiLogprobs.Chat(null));
        Assert.Null(OpenAiLogprobs.Completion([], 0));
    }
}
