using System.Text.Json;
using Platform.Contracts.Chat;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// Reads OpenAI's <c>tools</c> and <c>tool_choice</c> (and their legacy spellings <c>functions</c> and
/// <c>function_call</c>). Tools of other types than <c>function</c> (hosted tools a code model cannot run) are ignored.
/// </summary>
internal static class ChatToolReader
{
    public const int MaxTools = 128;

    public static IReadOnlyList<ChatTool> ReadTools(JsonFieldReader fields)
    {
        var tools = new List<ChatTool>();
        if (fields.Array("tools") is { } array)
        {
            Read(array, "tools", fields, tools, wrapped: true);
        }
        else if (fields.Array("functions") is { } legacy)
        {
            Read(legacy, "functions", fields, tools, wrapped: false);
        }

        return tools;
    }

    private static void Read(JsonElement array, string field, JsonFieldReader fields, List<ChatTool> tools, bool wrapped)
    {
        if (array.GetArrayLength() > MaxTools)
        {
            fields.Fail(field, $"At most {MaxTools} tools are allowed; got {array.GetArrayLength()}.");
            return;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"{field}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                fields.Fail(path, "Each tool must be an object.");
                continue;
            }

            var function = item;
            if (wrapped)
            {
                var tool = new JsonFieldReader(item, fields.Errors, path + ".");
                if (tool.String("type") is { } type && type != "function")
                {
                    continue;
                }

                if (tool.Object("function") is not { } inner)
                {
                    tool.Fail("function", "A function tool needs a function object with a name.");
                    continue;
                }

                function = inner;
                path += ".function";
            }

            var reader = new JsonFieldReader(function, fields.Errors, path + ".");
            var name = reader.String("name", 64);
            if (name is null)
            {
                if (!reader.Has("name"))
                {
                    reader.Fail("name", "The function name is required.");
                }

                continue;
            }

            var description = reader.String("description");
            var parameters = reader.Object("parameters");
            reader.Boolean("strict");
            tools.Add(new ChatTool(name, description, parameters?.GetRawText()));
        }
    }

    public static ChatToolChoice ReadToolChoice(JsonElement body, JsonFieldReader fields, IReadOnlyList<ChatTool> tools)
    {
        var field = body.TryGetProperty("tool_choice", out var choice) ? "tool_choice" : "function_call";
        if (field == "function_call" && !body.TryGetProperty(field, out choice) || choice.ValueKind == JsonValueKind.Null)
        {
            return tools.Count > 0 ? ChatToolChoice.Auto : ChatToolChoice.None;
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            switch (fields.Text(field, choice))
            {
                case "auto":
                    return tools.Count > 0 ? ChatToolChoice.Auto : ChatToolChoice.None;
                case "none":
                    return ChatToolChoice.None;
                case "required" or "any":
                    if (tools.Count == 0)
                    {
                        fields.Fail(field, "'required' needs at least one function in tools.");
                    }

                    return new ChatToolChoice(ToolChoiceMode.Required);
                case null:
                    return ChatToolChoice.None;
                default:
                    fields.Fail(field, "Must be 'none', 'auto', 'required' or an object naming a function.");
                    return ChatToolChoice.None;
            }
        }

        if (choice.ValueKind != JsonValueKind.Object)
        {
            fields.Fail(field, "Must be 'none', 'auto', 'required' or an object naming a function.");
            return ChatToolChoice.None;
        }

        // {"type": "function", "function": {"name": …}}, or the legacy {"name": …}.
        var named = choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object ? function : choice;
        var name = named.TryGetProperty("name", out var value) && value.ValueKind == JsonValueKind.String ? fields.Text(field, value) : null;
        if (name is null)
        {
            fields.Fail(field, "A named tool choice needs function.name.");
            return ChatToolChoice.None;
        }

        if (!tools.Any(tool => tool.Name == name))
        {
            fields.Fail(field, $"The function '{name}' is not among the tools.");
            return ChatToolChoice.None;
        }

        return new ChatToolChoice(ToolChoiceMode.Function, name);
    }
}
