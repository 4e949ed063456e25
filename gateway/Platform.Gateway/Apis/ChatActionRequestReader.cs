using System.Text.Json;
using Platform.Contracts.Chat;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// Reads a chat action request: the selection with its language and path, and what the action needs besides
/// (diagnostics for fix, a target language for translate, a diff for a commit message). The API is the platform's
/// own, so unknown fields are refused.
/// </summary>
internal static class ChatActionRequestReader
{
    public const int MaxDiagnostics = 256;
    private static readonly HashSet<string> Known =
        ["model", "selection", "language", "filepath", "diagnostics", "target_language", "diff", "instructions",
         "max_tokens", "temperature", "top_p", "seed", "stop", "stream", "stream_options", "user"];

    public static ChatActionRequest? Read(JsonElement body, SamplingDefaults defaults, string action, out Dictionary<string, string[]> errors)
    {
        var fields = new JsonFieldReader(body);
        errors = fields.Errors;
        if (body.ValueKind != JsonValueKind.Object)
        {
            fields.Fail("body", "The request body must be a JSON object.");
            return null;
        }

        fields.RejectUnknown(Known);
        var request = new ChatActionRequest
        {
            Model = fields.String("model", 256),
            Action = new ChatAction
            {
                Name = action,
                Selection = fields.String("selection") ?? "",
                Language = fields.String("language", 64),
                FilePath = fields.String("filepath", 1024),
                Diagnostics = fields.StringOrStrings("diagnostics", MaxDiagnostics) ?? [],
                TargetLanguage = fields.String("target_language", 64),
                Diff = fields.String("diff"),
                Instructions = fields.String("instructions"),
            },
            Sampling = OpenAiSamplingReader.Read(fields, fields.TokenCount("max_tokens", defaults.MaxTokensLimit), defaults.Chat),
            Stream = fields.Boolean("stream") ?? false,
            IncludeUsageInStream = fields.Object("stream_options") is { } options
                && new JsonFieldReader(options, fields.Errors, "stream_options.").Boolean("include_usage") == true,
        };
        fields.String("user", 256);

        switch (action)
        {
            case ChatActionNames.CommitMessage when request.Action.Diff is not { Length: > 0 }:
                fields.Fail("diff", "A commit message is written from a diff; diff is required.");
                break;
            case ChatActionNames.Translate when request.Action.TargetLanguage is not { Length: > 0 }:
                fields.Fail("target_language", "Translate needs the language to translate to.");
                break;
            case not ChatActionNames.CommitMessage when request.Action.Selection.Length == 0:
                fields.Fail("selection", "The selected code is required.");
                break;
        }

        if (request.Model is { Length: 0 })
        {
            fields.Fail("model", "The model name must not be empty.");
        }

        return errors.Count == 0 ? request : null;
    }
}
