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
        ["model", "language", "segments", "max_tokens", "temperature", "top_p", "seed", "stop", "user"];
    private static readonly HashSet<string> SegmentFields =
        ["prefix", "suffix", "filepath", "git_url", "declarations", "relevant_snippets_from_changed_files",
         "relevant_snippets_from_recently_opened_files", "clipboard"];
    private static readonly HashSet<string> SnippetFields = ["filepath", "body", "score"];

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
        if (!fields.Has("segments"))
        {
            fields.Fail("segments", "The segments (at least segments.prefix) are required.");
        }

        var segmentsElement = fields.Object("segments");
        var segments = new JsonFieldReader(segmentsElement ?? default, errors, "segments.");
        segments.RejectUnknown(SegmentFields);
        if (segmentsElement is not null && !segments.Has("prefix"))
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
            Declarations = Snippets(segmentsElement, segments, "declarations", errors),
            RelevantSnippets = [.. changed, .. opened],
            Clipboard = segments.String("clipboard"),
            Sampling = OpenAiSamplingReader.Read(fields, fields.TokenCount("max_tokens", defaults.MaxTokensLimit), defaults.CodeCompletions),
        };
        fields.String("user", 256);

        if (request.Model is { Length: 0 })
        {
            fields.Fail("model", "The model name must not be empty.");
        }

        return errors.Count == 0 ? request : null;
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
