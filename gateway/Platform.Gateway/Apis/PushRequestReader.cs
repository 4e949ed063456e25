using System.Text.Json;
using Platform.Contracts.Retrieval;
using Platform.Gateway.Http;

namespace Platform.Gateway.Apis;

/// <summary>Reads and checks the body of <c>POST /v1/repositories/{id}/files</c>.</summary>
internal static class PushRequestReader
{
    private const int MaxPathLength = 1024;

    public static PushRepositoryFiles? Read(JsonElement body, string tenantId, string repositoryId, int maxFiles,
        IReadOnlySet<string> known, out Dictionary<string, string[]> errors)
    {
        var fields = new JsonFieldReader(body);
        errors = fields.Errors;
        if (body.ValueKind != JsonValueKind.Object)
        {
            fields.Fail("body", "Must be a JSON object with 'files' and/or 'deleted'.");
            return null;
        }

        fields.RejectUnknown(known);
        var files = new List<PushedFile>();
        if (fields.Array("files") is { } array)
        {
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var field = $"files[{index++}]";
                var file = new JsonFieldReader(item, fields.Errors, field + ".");
                if (item.ValueKind != JsonValueKind.Object)
                {
                    fields.Fail(field, "Must be an object {path, content} or {path, sha256}.");
                    continue;
                }

                var path = file.String("path", MaxPathLength);
                var content = file.String("content");
                var sha256 = file.String("sha256", 64);
                if (PathProblem(path) is { } problem)
                {
                    file.Fail("path", problem);
                }

                if (content is null && sha256 is null)
                {
                    file.Fail("content", "Give the file's content, or its sha256 when the service may already have it.");
                }

                if (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower)))
                {
                    file.Fail("sha256", "Must be 64 lower-case hex digits.");
                }

                files.Add(new PushedFile(path ?? "", content, sha256));
            }
        }

        var deleted = fields.StringOrStrings("deleted", maxFiles) ?? [];
        foreach (var path in deleted)
        {
            if (PathProblem(path) is { } problem)
            {
                fields.Fail("deleted", $"'{path}': {problem}");
            }
        }

        if (files.Count + deleted.Count > maxFiles)
        {
            fields.Fail("files", $"At most {maxFiles} files and deletions per push; split the batch.");
        }

        if (files.Count == 0 && deleted.Count == 0 && fields.Errors.Count == 0)
        {
            fields.Fail("files", "Nothing to do: give 'files' or 'deleted'.");
        }

        return fields.Errors.Count > 0 ? null : new PushRepositoryFiles
        {
            TenantId = tenantId,
            RepositoryId = repositoryId,
            Files = files,
            Deleted = deleted,
        };
    }

    /// <summary>Paths are relative, forward-slashed and stay inside the repository.</summary>
    private static string? PathProblem(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "Required: the file's path relative to the repository root.";
        }

        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal)
            || path.Split('/').Any(part => part is "" or "." or ".."))
        {
            return "Must be a relative path with '/' separators and no '.', '..' or empty segments.";
        }

        return null;
    }
}
