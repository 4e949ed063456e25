using System.Text;
using System.Text.Json;
using Platform.Contracts.Chat;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// Reads OpenAI chat messages: system, developer (read as system), user, assistant (with optional <c>tool_calls</c>),
/// tool (with <c>tool_call_id</c>) and the legacy function role. Content is a string or an array of parts; text and
/// refusal parts are kept, parts a code model cannot read (images, audio, files) are left out.
/// </summary>
internal static class ChatMessageReader
{
    public static List<ChatMessage>? ReadMessages(JsonFieldReader fields, int maxMessages)
    {
        if (!fields.Has("messages"))
        {
            fields.Fail("messages", "The messages are required.");
            return null;
        }

        if (fields.Array("messages") is not { } array)
        {
            return null;
        }

        var count = array.GetArrayLength();
        if (count == 0 || count > maxMessages)
        {
            fields.Fail("messages", $"Between 1 and {maxMessages} messages are required; got {count}.");
            return null;
        }

        var messages = new List<ChatMessage>(count);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                fields.Fail($"messages[{index}]", "Each message must be an object with a role and content.");
            }
            else if (ReadMessage(item, new JsonFieldReader(item, fields.Errors, $"messages[{index}].")) is { } message)
            {
                messages.Add(message);
            }

            index++;
        }

        return messages.Count == count ? messages : null;
    }

    private static ChatMessage? ReadMessage(JsonElement item, JsonFieldReader message)
    {
        var role = message.String("role");
        switch (role)
        {
            case null when !message.Has("role"):
                message.Fail("role", "The role is required.");
                return null;
            case null:
                return null;
            case not (ChatRoles.System or "developer" or ChatRoles.User or ChatRoles.Assistant or ChatRoles.Tool or "function"):
                message.Fail("role", $"Must be one of system, developer, user, assistant or tool; got '{role}'.");
                return null;
        }

        var name = message.String("name", 256);
        var calls = role == ChatRoles.Assistant ? ReadToolCalls(message) : null;
        // An assistant turn that only called tools has no content.
        var content = ReadContent(item, message, optional: role == ChatRoles.Assistant);
        if (content is null)
        {
            return null;
        }

        return role switch
        {
            "developer" => new ChatMessage(ChatRoles.System, content),
            ChatRoles.Tool => new ChatMessage(ChatRoles.Tool, content) { ToolCallId = message.String("tool_call_id", 256) },
            "function" => new ChatMessage(ChatRoles.Tool, content) { ToolCallId = name },
            _ => new ChatMessage(role, content) { ToolCalls = calls is { Count: > 0 } ? calls : null },
        };
    }

    private static List<ChatToolCall>? ReadToolCalls(JsonFieldReader message)
    {
        if (message.Array("tool_calls") is not { } array)
        {
            return null;
        }

        var calls = new List<ChatToolCall>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var call = new JsonFieldReader(item, message.Errors, $"{Path(message)}tool_calls[{index}].");
            if (item.ValueKind != JsonValueKind.Object)
            {
                message.Fail($"tool_calls[{index++}]", "Each tool call must be an object.");
                continue;
            }

            index++;
            var id = call.String("id", 256) ?? $"call_{calls.Count}";
            if (call.Object("function") is not { } function)
            {
                call.Fail("function", "A tool call needs a function with a name and arguments.");
                continue;
            }

            var reader = new JsonFieldReader(function, message.Errors, $"{Path(call)}function.");
            var name = reader.String("name", 256);
            var arguments = reader.String("arguments") ?? "{}";
            if (name is null)
            {
                reader.Fail("name", "The function name is required.");
                continue;
            }

            calls.Add(new ChatToolCall(id, name, arguments));
        }

        return calls;
    }

    private static string Path(JsonFieldReader reader) => reader.PathPrefix;

    private static string? ReadContent(JsonElement item, JsonFieldReader message, bool optional)
    {
        if (!item.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            if (optional)
            {
                return "";
            }

            message.Fail("content", "The content is required.");
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return message.Text("content", content);
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            message.Fail("content", "Must be a string or an array of content parts.");
            return null;
        }

        var text = new StringBuilder();
        var part = 0;
        foreach (var element in content.EnumerateArray())
        {
            var name = $"content[{part++}]";
            if (element.ValueKind != JsonValueKind.Object
                || !element.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                message.Fail(name, "Each content part must be an object with a type.");
                return null;
            }

            var field = type.ValueEquals("text") ? "text" : type.ValueEquals("refusal") ? "refusal" : null;
            if (field is null)
            {
                continue; // image, audio or file parts: a code model cannot read them
            }

            if (!element.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
            {
                message.Fail($"{name}.{field}", "Must be a string.");
                return null;
            }

            if (message.Text($"{name}.{field}", value) is not { } piece)
            {
                return null;
            }

            text.Append(piece);
        }

        return text.ToString();
    }
}
