using System.Text.Json.Serialization;

namespace Platform.Gateway.Apis;

/// <summary>OpenAI's <c>chat.completion</c> object.</summary>
internal sealed record ChatCompletion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChatCompletionChoice> Choices,
    [property: JsonPropertyName("usage")] CompletionUsage Usage)
{
    [JsonPropertyName("object")]
    public string Object { get; init; } = "chat.completion";

    [JsonPropertyName("system_fingerprint")]
    public string SystemFingerprint { get; init; } = "platform";

    /// <summary>The numbered sources of a grounded answer (the platform's extension); absent otherwise.</summary>
    [JsonPropertyName("citations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CitationJson>? Citations { get; init; }
}

internal sealed record ChatCompletionChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("message")] AssistantMessage Message,
    [property: JsonPropertyName("finish_reason")] string FinishReason)
{
    [JsonPropertyName("logprobs")]
    public object? Logprobs { get; init; } = null;

    /// <summary>The same text in the text-completion shape, for FIM clients that read <c>choices[0].text</c>.</summary>
    [JsonPropertyName("text"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }
}

internal sealed record AssistantMessage([property: JsonPropertyName("content")] string? Content)
{
    /// <summary>The functions the model called; absent when it called none.</summary>
    [JsonPropertyName("tool_calls"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ToolCallJson>? ToolCalls { get; init; }

    [JsonPropertyName("role")]
    public string Role { get; init; } = "assistant";

    [JsonPropertyName("refusal")]
    public string? Refusal { get; init; } = null;
}

/// <summary>OpenAI's <c>chat.completion.chunk</c>, one per server-sent event.</summary>
internal sealed record ChatCompletionChunk(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChatChunkChoice> Choices,
    [property: JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CompletionUsage? Usage)
{
    [JsonPropertyName("object")]
    public string Object { get; init; } = "chat.completion.chunk";

    [JsonPropertyName("system_fingerprint")]
    public string SystemFingerprint { get; init; } = "platform";

    /// <summary>On the first chunk of a grounded answer: its numbered sources, before any text.</summary>
    [JsonPropertyName("citations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CitationJson>? Citations { get; init; }
}

internal sealed record ChatChunkChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("delta")] ChatDelta Delta,
    [property: JsonPropertyName("finish_reason")] string? FinishReason)
{
    [JsonPropertyName("logprobs")]
    public object? Logprobs { get; init; } = null;

    [JsonPropertyName("text"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }
}

internal sealed record ChatDelta(
    [property: JsonPropertyName("role"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content)
{
    [JsonPropertyName("tool_calls"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ToolCallDeltaJson>? ToolCalls { get; init; }
}

/// <summary>One function call in a <c>chat.completion</c>: <c>arguments</c> is JSON text.</summary>
internal sealed record ToolCallJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("function")] FunctionCallJson Function)
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "function";
}

internal sealed record FunctionCallJson(
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonPropertyName("arguments")] string Arguments);

/// <summary>
/// A piece of a streamed function call, as OpenAI streams them: the first piece of a call has its index, id, type and
/// name (and empty arguments), later pieces only the index and a fragment of the arguments.
/// </summary>
internal sealed record ToolCallDeltaJson(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    [property: JsonPropertyName("function")] FunctionCallJson Function);

/// <summary>
/// Source <c>[index]</c> of a grounded answer: a file range (<c>type</c> <c>file</c>: repository, path, lines) or a web
/// page (<c>type</c> <c>url</c>: url, title).
/// </summary>
internal sealed record CitationJson(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("type")] string Type)
{
    [JsonPropertyName("repository"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Repository { get; init; }

    [JsonPropertyName("repository_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RepositoryId { get; init; }

    [JsonPropertyName("path"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Path { get; init; }

    [JsonPropertyName("start_line"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? StartLine { get; init; }

    [JsonPropertyName("end_line"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? EndLine { get; init; }

    [JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [JsonPropertyName("title"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    public static IReadOnlyList<CitationJson>? From(IReadOnlyList<Platform.Contracts.Chat.ChatCitation>? citations) =>
        citations?.Select(citation => new CitationJson(citation.Index, citation.Kind)
        {
            Repository = citation.RepositoryName,
            RepositoryId = citation.RepositoryId,
            Path = citation.Path,
            StartLine = citation.StartLine,
            EndLine = citation.EndLine,
            Url = citation.Url,
            Title = citation.Title,
        }).ToList();
}
