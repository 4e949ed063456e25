using System.Text.Json;
using Platform.Contracts.Chat;

namespace Platform.Prompting.Tools;

/// <summary>
/// How tool calls are spelt in a model's text, for every chat template: Qwen2.5's Hermes-style form, a JSON object
/// <c>{"name": …, "arguments": {…}}</c> between <c>&lt;tool_call&gt;</c> tags. The chat service writes it into prompts;
/// the gateway, which receives the model's text straight from the worker, parses it back with <see cref="ToolCallParser"/>.
/// Both ends read this one definition.
/// </summary>
public static class ToolCallSyntax
{
    public const string Open = "<tool_call>";
    public const string Close = "</tool_call>";
    public const string ResponseOpen = "<tool_response>";
    public const string ResponseClose = "</tool_response>";

    /// <summary>
    /// Text the prompt ends with (the start of the assistant's turn) so that the model must call a function: the open
    /// tag for <c>required</c>, and also the function's name for a named choice. Empty otherwise. The parser is fed the
    /// same text first, as if the model had written it.
    /// </summary>
    public static string Prefill(ChatToolChoice choice) => choice.Mode switch
    {
        ToolChoiceMode.Required => Open + "\n",
        ToolChoiceMode.Function => $"{Open}\n{{\"name\": {JsonSerializer.Serialize(choice.FunctionName)}, \"arguments\": ",
        _ => "",
    };

    /// <summary>One call as the model writes it; arguments that are not JSON are written as a JSON string.</summary>
    public static string Render(string name, string arguments) =>
        $"{Open}\n{{\"name\": {JsonSerializer.Serialize(name)}, \"arguments\": {ArgumentsJson(arguments)}}}\n{Close}";

    private static string ArgumentsJson(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            return document.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return JsonSerializer.Serialize(arguments);
        }
    }
}
