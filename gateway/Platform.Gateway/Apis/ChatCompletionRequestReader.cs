using System.Text.Json;
using Platform.Contracts.Chat;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// Reads and validates a chat completion request field by field. Every documented OpenAI field is accepted: tools,
/// tool choice and parallel tool calls are honoured; fields a code model cannot honour (several choices, audio,
/// images, structured output, …) are ignored, as the README lists, so that agentic clients that always send them work.
/// Only malformed values are refused.
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

        var messages = ChatMessageReader.ReadMessages(fields, MaxMessages);
        var maxTokens = fields.TokenCount("max_tokens", defaults.MaxTokensLimit);
        var maxCompletionTokens = fields.TokenCount("max_completion_tokens", defaults.MaxTokensLimit);
        var tools = ChatToolReader.ReadTools(fields);
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
            Tools = tools,
            ToolChoice = ChatToolReader.ReadToolChoice(body, fields, tools),
            ParallelToolCalls = fields.Boolean("parallel_tool_calls") ?? true,
            Context = ReadContext(fields),
        };
        fields.String("user", 256);
        fields.Integer("n", 1, 128); // answered with one choice

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

    /// <summary>
    /// The platform's extension field <c>"context": {"repositories": [...], "web": true}</c> (OpenAI clients pass it
    /// through as an extra body field). Its own fields are checked strictly: a misspelt one would silently ground nothing.
    /// </summary>
    private static ChatContext? ReadContext(JsonFieldReader fields)
    {
        if (fields.Object("context") is not { } element)
        {
            return null;
        }

        var context = new JsonFieldReader(element, fields.Errors, "context.");
        context.RejectUnknown(ContextFields);
        var repositories = context.StringOrStrings("repositories", 50);
        var web = context.Boolean("web") ?? false;
        if (repositories is null && !web && !context.Has("repositories"))
        {
            context.Fail("repositories", "Name the repositories to search ([] for all of the tenant's) and/or set web to true.");
        }

        return new ChatContext { Repositories = repositories, Web = web };
    }

    private static readonly HashSet<string> ContextFields = ["repositories", "web"];
}
