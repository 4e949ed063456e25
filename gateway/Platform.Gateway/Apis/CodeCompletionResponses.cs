using System.Text.Json.Serialization;

namespace Platform.Gateway.Apis;

/// <summary>A native code completion: its <c>id</c> keys the editor's later events.</summary>
internal sealed record CodeCompletion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<CodeCompletionChoice> Choices,
    [property: JsonPropertyName("usage")] CompletionUsage Usage)
{
    [JsonPropertyName("object")]
    public string Object { get; init; } = "code_completion";
}

internal sealed record CodeCompletionChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("finish_reason")] string FinishReason);
