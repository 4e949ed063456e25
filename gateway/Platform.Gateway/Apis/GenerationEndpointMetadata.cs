using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// What the OpenAPI document says of every endpoint that runs a generation: JSON in, <typeparamref name="TResponse"/>
/// (or server-sent events) out, and the problems reading, admission and limits can answer with.
/// </summary>
internal static class GenerationEndpointMetadata
{
    public static RouteHandlerBuilder DescribesGeneration<TResponse>(this RouteHandlerBuilder endpoint, bool streams = true)
    {
        endpoint.Accepts<object>("application/json").Produces<TResponse>();
        if (streams)
        {
            endpoint.Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        }

        foreach (var status in (int[])[StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                     StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable])
        {
            endpoint.ProducesProblem(status);
        }

        return endpoint;
    }
}
