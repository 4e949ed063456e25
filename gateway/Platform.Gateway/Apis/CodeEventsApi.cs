using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// <c>POST /v1/code/events</c>: the editor reports that a completion was viewed, selected (wholly, or partly with
/// the characters kept) or dismissed. Accepted with 202 and published on the bus for the completion service's
/// acceptance metrics.
/// </summary>
internal static class CodeEventsApi
{
    public static RouteGroupBuilder MapCodeEventsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/code/events", RecordEventAsync)
            .WithName("RecordCodeCompletionEvent")
            .WithTags("Code")
            .WithSummary("Records that a shown completion was viewed, selected (fully or partly) or dismissed.")
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return v1;
    }

    private static async Task<IResult> RecordEventAsync(HttpContext context, IPublishEndpoint publisher, TimeProvider time)
    {
        var body = await RequestBody.ReadJsonAsync(context.Request, 64 * 1024, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        if (!caller.HasScope(ApiKeyScopes.Events))
        {
            return GatewayProblems.Create(StatusCodes.Status403Forbidden, "Scope missing",
                "This API key lacks the 'events' scope.", "insufficient_scope");
        }

        var recorded = CodeEventReader.Read(document.RootElement, caller, time.GetUtcNow(), out var errors);
        if (recorded is null)
        {
            return GatewayProblems.InvalidRequest(errors);
        }

        await publisher.Publish(recorded, context.RequestAborted);
        return Results.Accepted();
    }
}
