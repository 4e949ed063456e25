using System.Text.Json;
using Platform.Contracts.Completions;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

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
