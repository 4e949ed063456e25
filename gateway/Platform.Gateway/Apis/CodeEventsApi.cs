using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts.Completions;
using Platform.Gateway.ApiKeys;

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
        if (!caller.HasScope("events"))
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

/// <summary>Reads and validates one editor event; unknown fields are refused (the API is the platform's own).</summary>
internal static class CodeEventReader
{
    private static readonly HashSet<string> Known =
        ["type", "completion_id", "choice_index", "accepted_characters", "select_kind", "elapsed", "language", "view_id"];
    private static readonly HashSet<string> SelectKinds = ["full", "line", "word"];

    public static CodeCompletionEventRecorded? Read(
        JsonElement body, CallerIdentity caller, DateTimeOffset now, out Dictionary<string, string[]> errors)
    {
        var fields = new JsonFieldReader(body);
        errors = fields.Errors;
        if (body.ValueKind != JsonValueKind.Object)
        {
            fields.Fail("body", "The request body must be a JSON object.");
            return null;
        }

        fields.RejectUnknown(Known);
        var kind = fields.String("type");
        if (kind is null && !fields.Has("type"))
        {
            fields.Fail("type", "The event type is required: view, select or dismiss.");
        }
        else if (kind is not null && !CodeCompletionEventKinds.All.Contains(kind))
        {
            fields.Fail("type", $"Must be view, select or dismiss; got '{kind}'.");
        }

        var completionId = fields.String("completion_id", 128);
        if (completionId is null && !fields.Has("completion_id") || completionId is { Length: 0 })
        {
            fields.Fail("completion_id", "The id of the completion the event is about is required.");
        }

        var accepted = fields.Integer("accepted_characters", 0, 1_000_000);
        if (accepted is not null && kind != CodeCompletionEventKinds.Select)
        {
            fields.Fail("accepted_characters", "Only a select event can carry accepted_characters.");
        }

        var selectKind = fields.String("select_kind");
        if (selectKind is not null && !SelectKinds.Contains(selectKind))
        {
            fields.Fail("select_kind", $"Must be full, line or word; got '{selectKind}'.");
        }

        var recorded = new CodeCompletionEventRecorded
        {
            CompletionId = completionId ?? "",
            TenantId = caller.TenantId,
            ApiKeyId = caller.ApiKeyId,
            Kind = kind ?? "",
            ChoiceIndex = fields.Integer("choice_index", 0, 127) ?? 0,
            AcceptedCharacters = accepted,
            SelectKind = selectKind,
            Language = fields.String("language", 64),
            Elapsed = fields.Integer("elapsed", 0, int.MaxValue) is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : null,
            OccurredAt = now,
        };
        fields.String("view_id", 128);
        return errors.Count == 0 ? recorded : null;
    }
}
