using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts.Generation;
using Platform.Gateway.Streaming;

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
