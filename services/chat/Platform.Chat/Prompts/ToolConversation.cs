using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Contracts.Chat;
using Platform.Prompting.Tools;

namespace Platform.Chat.Prompts;

/// <summary>
/// Rewrites a conversation with tools into plain system/user/assistant turns that any chat template renders, in
/// Qwen2.5's Hermes-style form: the tool signatures in a <c>&lt;tools&gt;</c> block of the system turn, the assistant's
/// calls as <c>&lt;tool_call&gt;</c> JSON, and tool results as a user turn of <c>&lt;tool_response&gt;</c> blocks.
/// ChatML then reads exactly as Qwen2.5's own template writes it; DeepSeek and Llama 2 templates get the same text
/// (the generic form documented in the README).
/// </summary>
internal static class ToolConversation
{
    public static IReadOnlyList<ChatMessage> Flatten(IReadOnlyList<ChatMessage> messages, IReadOnlyList<ChatTool> tools,
        ChatToolChoice choice, bool parallelToolCalls)
    {
        var showTools = tools.Count > 0 && choice.Mode != ToolChoiceMode.None;
        var flat = new List<ChatMessage>(messages.Count + 1);
        var systemDone = false;
        StringBuilder? toolResults = null;
        foreach (var message in messages)
        {
            if (message.Role == ChatRoles.Tool)
            {
                toolResults ??= new StringBuilder();
                toolResults.Append(toolResults.Length > 0 ? "\n" : "")
                    .Append(ToolCallSyntax.ResponseOpen).Append('\n').Append(message.Content).Append('\n').Append(ToolCallSyntax.ResponseClose);
                continue;
            }

            FlushToolResults(flat, ref toolResults);
            if (message.Role == ChatRoles.System && !systemDone)
            {
                flat.Add(new ChatMessage(ChatRoles.System, showTools ? message.Content + "\n\n" + ToolsSection(tools, choice, parallelToolCalls) : message.Content));
                systemDone = true;
                continue;
            }

            if (!systemDone && showTools)
            {
                flat.Add(new ChatMessage(ChatRoles.System, ToolsSection(tools, choice, parallelToolCalls)));
            }

            systemDone = true;
            flat.Add(message.Role == ChatRoles.Assistant && message.ToolCalls is { Count: > 0 } calls
                ? new ChatMessage(ChatRoles.Assistant, AssistantWithCalls(message.Content, calls))
                : new ChatMessage(message.Role, message.Content));
        }

        FlushToolResults(flat, ref toolResults);
        return flat;
    }

    private static void FlushToolResults(List<ChatMessage> flat, ref StringBuilder? toolResults)
    {
        if (toolResults is not null)
        {
            flat.Add(new ChatMessage(ChatRoles.User, toolResults.ToString()));
            toolResults = null;
        }
    }

    private static string AssistantWithCalls(string content, IReadOnlyList<ChatToolCall> calls)
    {
        var text = new StringBuilder(content);
        foreach (var call in calls)
        {
            text.Append(text.Length > 0 ? "\n" : "").Append(ToolCallSyntax.Render(call.Name, call.Arguments));
        }

        return text.ToString();
    }

    /// <summary>The system prompt's tool section, worded as Qwen2.5's chat template words it.</summary>
    internal static string ToolsSection(IReadOnlyList<ChatTool> tools, ChatToolChoice choice, bool parallelToolCalls)
    {
        var text = new StringBuilder("# Tools\n\nYou may call one or more functions to assist with the user query.\n\n")
            .Append("You are provided with function signatures within <tools></tools> XML tags:\n<tools>");
        foreach (var tool in tools)
        {
            text.Append('\n').Append(Signature(tool));
        }

        text.Append("\n</tools>\n\nFor each function call, return a json object with function name and arguments within ")
            .Append("<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>");
        text.Append(choice.Mode switch
        {
            ToolChoiceMode.Required => "\n\nYou must call at least one function.",
            ToolChoiceMode.Function => $"\n\nYou must call the function {choice.FunctionName}.",
            _ => "",
        });
        if (!parallelToolCalls)
        {
            text.Append("\n\nCall at most one function.");
        }

        return text.ToString();
    }

    private static string Signature(ChatTool tool)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("type", "function");
            json.WriteStartObject("function");
            json.WriteString("name", tool.Name);
            if (tool.Description is not null)
            {
                json.WriteString("description", tool.Description);
            }

            if (tool.ParametersJson is not null)
            {
                json.WritePropertyName("parameters");
                using var parameters = JsonDocument.Parse(tool.ParametersJson);
                parameters.RootElement.WriteTo(json);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
