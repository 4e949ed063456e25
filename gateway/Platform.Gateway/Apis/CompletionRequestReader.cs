using System.Text.Json;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>
/// Reads and validates a completion request field by field, so that every mistake comes back as a precise
/// message naming the field, not as a serializer exception.
/// </summary>
internal static class CompletionRequestReader
{
    public static CompletionRequest? Read(JsonElement body, SamplingDefaults defaults, out Dictionary<string, string[]> errors)
    {
        var fields = new JsonFieldReader(body);
        errors = fields.Errors;
        if (body.ValueKind != JsonValueKind.Object)
        {
            fields.Fail("body", "The request body must be a JSON object.");
            return null;
        }

        var prompt = ReadPrompt(fields);
        var request = new CompletionRequest
        {
            Model = fields.String("model"),
            Prompt = prompt ?? "",
            Suffix = fields.String("suffix"),
            Sampling = OpenAiSamplingReader.Read(fields, fields.TokenCount("max_tokens", defaults.MaxTokensLimit), defaults.Completions),
            Stream = fields.Boolean("stream") ?? false,
            IncludeUsageInStream = fields.Object("stream_options") is { } options
                && new JsonFieldReader(options, fields.Errors, "stream_options.").Boolean("include_usage") == true,
        };

        if (fields.Integer("n", 1, int.MaxValue) is > 1)
        {
            fields.Fail("n", "Only n = 1 is supported.");
        }

        if (fields.Integer("best_of", 1, int.MaxValue) is > 1)
        {
            fields.Fail("best_of", "Only best_of = 1 is supported.");
        }

        if (fields.Boolean("echo") == true)
        {
            fields.Fail("echo", "echo is not supported.");
        }

        // The legacy completions API: logprobs is the number of alternatives to list with each token (0-5).
        if (fields.Integer("logprobs", 0, 5) is { } alternatives)
        {
            request = request with { Sampling = request.Sampling with { Logprobs = true, TopLogprobs = alternatives } };
        }

        if (request.Model is { Length: 0 })
        {
            fields.Fail("model", "The model name must not be empty.");
        }

        return errors.Count == 0 ? request : null;
    }

    private static string? ReadPrompt(JsonFieldReader fields)
    {
        if (!fields.Has("prompt"))
        {
            fields.Fail("prompt", "The prompt is required.");
            return null;
        }

        var prompts = fields.StringOrStrings("prompt", maxCount: 1);
        if (prompts is null)
        {
            return null;
        }

        if (prompts.Count != 1)
        {
            fields.Fail("prompt", "Exactly one prompt is supported per request.");
            return null;
        }

        return prompts[0];
    }
}
