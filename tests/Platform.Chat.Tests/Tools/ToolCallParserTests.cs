using Platform.Contracts.Chat;
using Platform.Prompting.Tools;

namespace Platform.Chat.Tests.Tools;

public sealed class ToolCallParserTests
{
    private const string Call = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>";

    private static List<ParsedOutput> Stream(string text, int pieceLength, bool singleCall = false, string prefill = "")
    {
        var parser = new ToolCallParser(singleCall, prefill);
        var outputs = new List<ParsedOutput>();
        for (var start = 0; start < text.Length; start += pieceLength)
        {
            outputs.AddRange(parser.Push(text.Substring(start, Math.Min(pieceLength, text.Length - start))));
        }

        outputs.AddRange(parser.Complete());
        return outputs;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Call_split_across_any_deltas_is_found_with_its_arguments_as_json_text(int pieceLength)
    {
        var outputs = Stream("Let me check.\n" + Call, pieceLength);

        Assert.Equal("Let me check.", string.Concat(outputs.OfType<ParsedOutput.Content>().Select(content => content.Text)).TrimEnd());
        var call = Assert.Single(outputs.OfType<ParsedOutput.Call>());
        Assert.Equal(new ParsedOutput.Call(0, "get_weather", """{"city": "Paris"}"""), call);
    }

    [Fact]
    public void Parallel_calls_get_consecutive_indexes_and_whitespace_between_them_is_not_content()
    {
        var outputs = ToolCallParser.ParseAll(Call + "\n" + Call.Replace("Paris", "Rome", StringComparison.Ordinal) + "\n");

        Assert.Equal([0, 1], outputs.OfType<ParsedOutput.Call>().Select(call => call.Index));
        Assert.Empty(outputs.OfType<ParsedOutput.Content>());
    }

    [Fact]
    public void Only_the_first_call_is_kept_when_parallel_calls_are_off()
    {
        var outputs = ToolCallParser.ParseAll(Call + "\n" + Call, singleCall: true);

        Assert.Single(outputs.OfType<ParsedOutput.Call>());
    }

    [Theory]
    [InlineData("<tool_call>\n{\"name\": \"f\", \"arguments\": {oops}\n</tool_call>")]
    [InlineData("<tool_call>\n{\"arguments\": {}}\n</tool_call>")]
    [InlineData("<tool_call>\n{\"name\": \"f\", \"arguments\": \"not json\"}\n</tool_call>")]
    [InlineData("<tool_call>\nnot json at all")]
    public void Call_with_broken_json_comes_back_as_the_text_the_model_wrote(string text)
    {
        var outputs = ToolCallParser.ParseAll(text);

        Assert.Empty(outputs.OfType<ParsedOutput.Call>());
        Assert.StartsWith("<tool_call>", Assert.Single(outputs.OfType<ParsedOutput.Content>()).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_cut_off_before_its_close_tag_still_counts_when_its_json_is_whole()
    {
        var outputs = ToolCallParser.ParseAll("<tool_call>\n{\"name\": \"f\", \"arguments\": {}}\n");

        Assert.Equal("f", Assert.Single(outputs.OfType<ParsedOutput.Call>()).Name);
    }

    [Fact]
    public void Text_that_only_looks_like_the_start_of_a_tag_is_released()
    {
        Assert.Equal("a <tool b < c <tool_cal", string.Concat(Stream("a <tool b < c <tool_cal", 1).OfType<ParsedOutput.Content>().Select(c => c.Text)));
    }

    [Fact]
    public void Prefill_of_a_named_choice_completes_the_call_the_model_continues()
    {
        var prefill = ToolCallSyntax.Prefill(new ChatToolChoice(ToolChoiceMode.Function, "get_weather"));

        var outputs = Stream("{\"city\": \"Paris\"}}\n</tool_call>", 2, prefill: prefill);

        Assert.Equal(new ParsedOutput.Call(0, "get_weather", """{"city": "Paris"}"""), Assert.Single(outputs));
    }

    [Fact]
    public void Rendered_call_parses_back_to_the_same_call()
    {
        var text = ToolCallSyntax.Render("f", """{"a":[1,2]}""");

        Assert.Equal(new ParsedOutput.Call(0, "f", """{"a":[1,2]}"""), Assert.Single(ToolCallParser.ParseAll(text)));
    }
}
