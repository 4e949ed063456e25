using Microsoft.Extensions.Options;
using Platform.Chat.Prompts;
using Platform.Contracts.Chat;
using Platform.Contracts.Generation;

namespace Platform.Chat.Tests.Prompts;

public sealed class ToolConversationTests
{
    private static readonly ChatTool Weather = new("get_weather", "The weather.", """{"type":"object","properties":{"city":{"type":"string"}}}""");

    private static CompleteChat Request(IReadOnlyList<ChatMessage> messages, ChatToolChoice choice, string model = "qwen2.5-coder-7b-instruct") => new()
    {
        GenerationId = Guid.NewGuid(), TenantId = "t", Model = model, Messages = messages, Tools = [Weather], ToolChoice = choice,
        Sampling = new SamplingSettings { MaxTokens = 10 }, StreamAddress = new Uri("queue:x"), Deadline = DateTimeOffset.MaxValue,
        AcceptedAt = DateTimeOffset.UnixEpoch,
    };

    private static ChatPromptBuilder Builder() => new(Options.Create(new ChatOptions()));

    [Fact]
    public void Chatml_with_tools_reads_as_qwen_writes_it_calls_and_tool_results_included()
    {
        ChatMessage[] conversation =
        [
            new("system", "Be brief."), new("user", "Weather in Paris?"),
            new("assistant", "") { ToolCalls = [new ChatToolCall("call_1", "get_weather", """{"city":"Paris"}""")] },
            new("tool", "18C") { ToolCallId = "call_1" }, new("tool", "sunny") { ToolCallId = "call_2" },
        ];

        var prompt = Builder().Build(Request(conversation, ChatToolChoice.Auto));

        Assert.Equal(
            "<|im_start|>system\nBe brief.\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n" +
            "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n" +
            """{"type":"function","function":{"name":"get_weather","description":"The weather.","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}""" +
            "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n" +
            "<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" +
            "<|im_start|>user\nWeather in Paris?<|im_end|>\n" +
            "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Paris\"}}\n</tool_call><|im_end|>\n" +
            "<|im_start|>user\n<tool_response>\n18C\n</tool_response>\n<tool_response>\nsunny\n</tool_response><|im_end|>\n" +
            "<|im_start|>assistant\n", prompt.Text);
    }

    [Fact]
    public void Tool_choice_none_leaves_the_tools_out()
    {
        var prompt = Builder().Build(Request([new("user", "Hi")], ChatToolChoice.None));

        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", prompt.Text);
    }

    [Fact]
    public void Required_and_named_choices_open_the_call_in_the_assistant_turn()
    {
        var required = Builder().Build(Request([new("user", "Hi")], new ChatToolChoice(ToolChoiceMode.Required)));
        var named = Builder().Build(Request([new("user", "Hi")], new ChatToolChoice(ToolChoiceMode.Function, "get_weather")));

        Assert.EndsWith("You must call at least one function.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<tool_call>\n", required.Text, StringComparison.Ordinal);
        Assert.EndsWith("<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": ", named.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Deepseek_gets_the_same_generic_tool_form_inside_its_own_template()
    {
        var prompt = Builder().Build(Request([new("user", "Hi")], ChatToolChoice.Auto, model: "deepseek-coder-6.7b-instruct"));

        Assert.StartsWith("# Tools\n\nYou may call one or more functions", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("<tools>\n{\"type\":\"function\"", prompt.Text, StringComparison.Ordinal);
        Assert.EndsWith("### Instruction:\nHi\n### Response:\n", prompt.Text, StringComparison.Ordinal);
    }
}
