using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Platform.Completion.State;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;

namespace Platform.Completion.Documents;

/// <summary>A synced document resolved to its current text, or why it could not be.</summary>
internal sealed record ResolvedDocument(string? Text, string? Hash, string? RejectionCode, string? RejectionDetail)
{
    public static ResolvedDocument Rejected(string code, string detail) => new(null, null, code, detail);
}

/// <summary>
/// The versions of editors' files the service holds, per tenant, API key and document, by hash: a whole text is
/// stored as sent, an edit is applied to the version its base hash names. Versions expire
/// (<see cref="CompletionOptions.DocumentTimeToLive"/>), so an editor must be ready to resend the whole text.
/// </summary>
internal sealed class DocumentVersions(ICompletionStateStore store, IOptions<CompletionOptions> options)
{
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public async Task<ResolvedDocument> ResolveAsync(CompleteCode request, DocumentSync document)
    {
        var settings = options.Value;
        string text;
        if (document.Text is { } whole)
        {
            text = whole;
        }
        else
        {
            var baseText = document.BaseHash is { } baseHash ? await store.GetAsync(Key(request, document.Id, baseHash)) : null;
            if (baseText is null)
            {
                return ResolvedDocument.Rejected(GenerationRejectionCodes.DocumentBaseUnknown,
                    $"The server no longer holds version {document.BaseHash} of '{document.Id}'; send the whole text.");
            }

            if (Apply(baseText, document.Edits) is not { } edited)
            {
                return ResolvedDocument.Rejected(GenerationRejectionCodes.InvalidRequest,
                    $"An edit of '{document.Id}' reaches past the end of the text it applies to.");
            }

            text = edited;
        }

        if (text.Length > settings.MaxDocumentCharacters)
        {
            return ResolvedDocument.Rejected(GenerationRejectionCodes.DocumentTooLarge,
                $"'{document.Id}' has {text.Length} characters; at most {settings.MaxDocumentCharacters} can be synced.");
        }

        if (document.Cursor > text.Length)
        {
            return ResolvedDocument.Rejected(GenerationRejectionCodes.InvalidRequest,
                $"The cursor {document.Cursor} is past the end of '{document.Id}' ({text.Length} characters).");
        }

        var hash = Hash(text);
        await store.SetAsync(Key(request, document.Id, hash), text, settings.DocumentTimeToLive);
        return new ResolvedDocument(text, hash, null, null);
    }

    /// <summary>The edits applied in order; null when one does not fit the text it applies to.</summary>
    public static string? Apply(string text, IReadOnlyList<DocumentEdit> edits)
    {
        var result = new StringBuilder(text);
        foreach (var edit in edits)
        {
            if (edit.Offset < 0 || edit.DeleteLength < 0 || edit.Offset + (long)edit.DeleteLength > result.Length)
            {
                return null;
            }

            result.Remove(edit.Offset, edit.DeleteLength).Insert(edit.Offset, edit.Text);
        }

        return result.ToString();
    }

    private static string Key(CompleteCode request, string documentId, string hash) =>
        $"cmpl:doc:{request.TenantId}:{request.ApiKeyId}:{Hash(documentId)[..32]}:{hash}";
}
