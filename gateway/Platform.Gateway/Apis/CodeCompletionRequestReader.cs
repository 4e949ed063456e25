using System.Text.Json;
using Platform.Contracts.Completions;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// Reads the native code-completion request. The API is the platform's own, so unknown fields are refused: a
/// misspelt segment would otherwise silently cost completion quality.
/// </summary>
internal static class CodeCompletionRequestReader
{
    public const int MaxSnippets = 64;
    private static readonly HashSet<string> TopLevel =
        ["model", "language", "segments", "document", "max_tokens", "temperature", "top_p", "seed", "stop", "user"];
    private static readonly HashSet<string> SegmentFields =
        ["prefix", "suffix", "filepath", "git_url", "repository", "declarations", "relevant_snippets_from_changed_files",
         "relevant_snippets_from_recently_opened_files", "clipboard"];
    private static readonly HashSet<string> SnippetFields = ["filepath", "body", "score"];
    private static readonly HashSet<string> DocumentFields = ["id", "text", "base_hash", "edits", "cursor"];
    private static readonly HashSet<string> EditFields = ["offset", "delete", "text"];
    public const int MaxEdits = 1024;

    public static CodeCompletionRequest? Read(JsonElement body, SamplingDefaults defaults, out Dictionary<string, string[]> errors)
    {
        var fields = new JsonFieldReader(body);
        errors = fields.Errors;
        if (body.ValueKind != JsonValueKind.Object)
        {
            fields.Fail("body", "The request body must be a JSON object.");
            return null;
        }

        fields.RejectUnknown(TopLevel);
        var document = ReadDocument(fields);
        if (!fields.Has("segments") && !fields.Has("document"))
        {
            fields.Fail("segments", "The segments (at least segments.prefix) are required.");
        }

        var segmentsElement = fields.Object("segments");
        var segments = new JsonFieldReader(segmentsElement ?? default, errors, "segments.");
        segments.RejectUnknown(SegmentFields);
        if (segmentsElement is not null && !segments.Has("prefix") && document is null)
        {
            segments.Fail("prefix", "The prefix is required.");
        }

        var changed = Snippets(segmentsElement, segments, "relevant_snippets_from_changed_files", errors);
        var opened = Snippets(segmentsElement, segments, "relevant_snippets_from_recently_opened_files", errors);
        var request = new CodeCompletionRequest
        {
            Model = fields.String("model", 256),
            Language = fields.String("language", 64),
            Prefix = segments.String("prefix") ?? "",
            Suffix = segments.String("suffix"),
            FilePath = segments.String("filepath", 1024),
            GitUrl = segments.String("git_url", 2048),
            Repository = segments.String("repository", 256),
            Declarations = Snippets(segmentsElement, segments, "declarations", errors),
            RelevantSnippets = [.. changed, .. opened],
            Clipboard = segments.String("clipboard"),
            Document = document,
            Sampling = OpenAiSamplingReader.Read(fields, fields.TokenCount("max_tokens", defaults.MaxTokensLimit), defaults.CodeCompletions),
        };
        fields.String("user", 256);

        if (request.Model is { Length: 0 })
        {
            fields.Fail("model", "The model name must not be empty.");
        }

        return errors.Count == 0 ? request : null;
    }

    /// <summary>
    /// The file synced by diff: <c>{"id", "cursor", "text"}</c>, or <c>{"id", "cursor", "base_hash", "edits": [{"offset",
    /// "delete", "text"}]}</c> against the version the server holds.
    /// </summary>
    private static DocumentSync? ReadDocument(JsonFieldReader fields)
    {
        if (fields.Object("document") is not { } element)
        {
            return null;
        }

        var document = new JsonFieldReader(element, fields.Errors, "document.");
        document.RejectUnknown(DocumentFields);
        var id = document.String("id", 1024);
        var cursor = document.Integer("cursor", 0, int.MaxValue);
        var text = document.String("text");
        var baseHash = document.String("base_hash", 64);
        var edits = new List<DocumentEdit>();
        if (document.Array("edits") is { } array)
        {
            if (array.GetArrayLength() > MaxEdits)
            {
                document.Fail("edits", $"At most {MaxEdits} edits are allowed; got {array.GetArrayLength()}.");
            }

            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var edit = new JsonFieldReader(item, fields.Errors, $"document.edits[{index++}].");
                if (item.ValueKind != JsonValueKind.Object)
                {
                    document.Fail($"edits[{index - 1}]", "Each edit must be an object with offset, delete and text.");
                    continue;
                }

                edit.RejectUnknown(EditFields);
                var offset = edit.Integer("offset", 0, int.MaxValue);
                var delete = edit.Integer("delete", 0, int.MaxValue) ?? 0;
                var inserted = edit.String("text") ?? "";
                if (offset is null)
                {
                    edit.Fail("offset", "The offset is required.");
                    continue;
                }

                edits.Add(new DocumentEdit(offset.Value, delete, inserted));
            }
        }

        if (id is null && !document.Has("id"))
        {
            document.Fail("id", "The document id is required.");
        }

        if (cursor is null && !document.Has("cursor"))
        {
            document.Fail("cursor", "The cursor offset is required.");
        }

        if ((text is null) == (baseHash is null))
        {
            document.Fail("text", "Send either the whole text, or base_hash with edits.");
        }

        return id is not null && cursor is not null ? new DocumentSync { Id = id, Cursor = cursor.Value, Text = text, BaseHash = baseHash, Edits = edits } : null;
    }

    private static List<CodeSnippet> Snippets(
        JsonElement? segments, JsonFieldReader reader, string field, Dictionary<string, string[]> errors)
    {
        if (segments is null || reader.Array(field) is not { } array)
        {
            return [];
        }

        if (array.GetArrayLength() > MaxSnippets)
        {
            reader.Fail(field, $"At most {MaxSnippets} snippets are allowed; got {array.GetArrayLength()}.");
            return [];
        }

        var snippets = new List<CodeSnippet>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var snippet = new JsonFieldReader(item, errors, $"segments.{field}[{index++}].");
            if (item.ValueKind != JsonValueKind.Object)
            {
                reader.Fail($"{field}[{index - 1}]", "Each snippet must be an object with filepath and body.");
                continue;
            }

            snippet.RejectUnknown(SnippetFields);
            foreach (var required in new[] { "filepath", "body" })
            {
                if (!snippet.Has(required))
                {
                    snippet.Fail(required, "Required.");
                }
            }

            var path = snippet.String("filepath", 1024);
            var body = snippet.String("body");
            var score = snippet.Number("score", double.MinValue, double.MaxValue);
            if (path is not null && body is not null)
            {
                snippets.Add(new CodeSnippet(path, body, score));
            }
        }

        return snippets;
    }
}
