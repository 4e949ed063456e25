using System.Text.Json;
using System.Text;
using Platform.Contracts.Chat;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// Reads and validates a chat completion request field by field. Features the platform cannot honour (tools,
/// structured output, several choices, non-text content) are refused by name rather than ignored.
/// </summary>
internal static class ChatCompletionRequestReader
{
    public const int MaxMessages = 1024;

    public static ChatCompletionRequest? Read(JsonElement body, SamplingDefaults defaults, out Dictionary<string, string[]> errors)
    {
        var fields = new JsonFieldReader(body);
        errors = fields.Errors;
        if (body.ValueKind != JsonValueKind.Object)
        {
            fields.Fail("body", "The request body must be a JSON object.");
            return null;
        }

        var messages = ReadMessages(fields);
        var maxTokens = fields.Integer("max_tokens", 1, defaults.MaxTokensLimit);
        var maxCompletionTokens = fields.Integer("max_completion_tokens", 1, defaults.MaxTokensLimit);
        var request = new ChatCompletionRequest
        {
            Model = fields.String("model", 256),
            Messages = messages ?? [],
            Sampling = OpenAiSamplingReader.Read(fields, maxCompletionTokens ?? maxTokens, defaults.Chat) with
            {
                Logprobs = fields.Boolean("logprobs") ?? false,
                TopLogprobs = fields.Integer("top_logprobs", 0, 20) ?? 0,
            },
            Stream = fields.Boolean("stream") ?? false,
            IncludeUsageInStream = fields.Object("stream_options") is { } options
                && new JsonFieldReader(options, fields.Errors, "stream_options.").Boolean("include_usage") == true,
        };
        fields.String("user", 256);
        RejectUnsupported(body, fields);

        if (request.Sampling is { TopLogprobs: > 0, Logprobs: false })
        {
            fields.Fail("top_logprobs", "top_logprobs needs logprobs set to true.");
        }

        if (request.Model is { Length: 0 })
        {
            fields.Fail("model", "The model name must not be empty.");
        }

        return errors.Count == 0 ? request : null;
    }

    private static void RejectUnsupported(JsonElement body, JsonFieldReader fields)
    {
        if (fields.Integer("n", 1, int.MaxValue) is > 1)
        {
            fields.Fail("n", "Only n = 1 is supported.");
        }

        foreach (var name in new[] { "tools", "functions" })
        {
            if (fields.Array(name) is { } list && list.GetArrayLength() > 0)
            {
                fields.Fail(name, "Tool and function calling is not supported.");
            }
        }

        if (body.TryGetProperty("tool_choice", out var choice) && choice.ValueKind is not (JsonValueKind.Null or JsonValueKind.String)
            || choice.ValueKind == JsonValueKind.String && choice.ValueEquals("required"))
        {
            fields.Fail("tool_choice", "Tool and function calling is not supported.");
        }

        if (fields.Object("response_format") is { } format
            && !(format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("text")))
        {
            fields.Fail("response_format", "Only the text response format is supported.");
        }
    }

    private static List<ChatMessage>? ReadMessages(JsonFieldReader fields)
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
        if (count == 0 || count > MaxMessages)
        {
            fields.Fail("messages", $"Between 1 and {MaxMessages} messages are required; got {count}.");
            return null;
        }

        var messages = new List<ChatMessage>(count);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (ReadMessage(item, new JsonFieldReader(item, fields.Errors, $"messages[{index}]."), fields, index) is { } message)
            {
                messages.Add(message);
            }

            index++;
        }

        return messages.Count == count ? messages : null;
    }

    private static ChatMessage? ReadMessage(JsonElement item, JsonFieldReader message, JsonFieldReader fields, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            fields.Fail($"messages[{index}]", "Each message must be an object with a role and content.");
            return null;
        }

        var role = message.String("role");
        switch (role)
        {
            case null when !message.Has("role"):
                message.Fail("role", "The role is required.");
                return null;
            case null:
                return null;
            case "tool" or "function":
                message.Fail("role", "Tool and function messages are not supported.");
                return null;
            case not (ChatRoles.System or "developer" or ChatRoles.User or ChatRoles.Assistant):
                message.Fail("role", $"Must be one of system, developer, user or assistant; got '{role}'.");
                return null;
        }

        if (message.Array("tool_calls") is { } calls && calls.GetArrayLength() > 0)
        {
            message.Fail("tool_calls", "Tool calls are not supported.");
        }

        message.String("name", 256);
        var content = ReadContent(item, message);
        if (content is null)
        {
            return null;
        }

        return new ChatMessage(role == "developer" ? ChatRoles.System : role, content);
    }

    // OpenAI allows a string or an array of content parts; only text parts can be served here.
    private static string? ReadContent(JsonElement item, JsonFieldReader message)
    {
        if (!item.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            message.Fail("content", "The content is required.");
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return message.Text("content", content);
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            message.Fail("content", "Must be a string or an array of text parts.");
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

            if (!type.ValueEquals("text"))
            {
                message.Fail(name, $"Only text content parts are supported; got '{message.Text(name, type)}'.");
                return null;
            }

            if (!element.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String)
            {
                message.Fail(name + ".text", "Must be a string.");
                return null;
            }

            if (message.Text(name + ".text", value) is not { } piece)
            {
                return null;
            }

            text.Append(piece);
        }

        return text.ToString();
    }
}
