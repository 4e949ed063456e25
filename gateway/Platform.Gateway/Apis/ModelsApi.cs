using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Apis;

/// <summary>OpenAI-compatible <c>GET /v1/models</c>.</summary>
internal static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models", (IOptions<GatewayOptions> options) => Results.Json(new ModelList(
                options.Value.ServedModels().Order(StringComparer.Ordinal).Select(id => new ModelEntry(id)).ToList())))
            .WithName("ListModels");
        return v1;
    }

    private sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelEntry> Data)
    {
        [JsonPropertyName("object")]
        public string Object { get; init; } = "list";
    }

    private sealed record ModelEntry([property: JsonPropertyName("id")] string Id)
    {
        [JsonPropertyName("object")]
        public string Object { get; init; } = "model";

        [JsonPropertyName("owned_by")]
        public string OwnedBy { get; init; } = "platform";
    }
}
