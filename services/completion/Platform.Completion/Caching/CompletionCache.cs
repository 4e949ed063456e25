using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Completion.Documents;
using Platform.Completion.State;
using Platform.Contracts.Completions;

namespace Platform.Completion.Caching;

/// <summary>How a cached answer was found.</summary>
internal enum CacheHit
{
    /// <summary>An identical request was answered moments ago.</summary>
    Exact,
    /// <summary>The user typed the start of the last completion for this document; the rest of it is the answer.</summary>
    TypingAhead,
}

/// <summary>
/// Editors' completions kept for reuse, per tenant and API key: an identical request gets the same answer, and while
/// the user types exactly what the last completion for a document predicted, the rest of it is the answer, with no
/// model call. The text before the cursor is the previous request's plus what was typed; the text after it is the same.
/// </summary>
internal sealed class CompletionCache(ICompletionStateStore store, IOptions<CompletionOptions> options)
{
    public async Task<(string Text, CacheHit Hit)?> FindAsync(CompleteCode request, string prefix, string? suffix)
    {
        if (await store.GetAsync(ExactKey(request, prefix, suffix)) is { } exact)
        {
            return (exact, CacheHit.Exact);
        }

        if (DocumentKey(request) is not { } documentKey || await store.GetAsync(documentKey) is not { } json)
        {
            return null;
        }

        var last = JsonSerializer.Deserialize<LastCompletion>(json);
        if (last is null || last.Model != request.Model || prefix.Length <= last.PrefixLength
            || last.SuffixHash != DocumentVersions.Hash(suffix ?? ""))
        {
            return null;
        }

        var typed = prefix.AsSpan(last.PrefixLength);
        if (typed.Length >= last.Completion.Length || !last.Completion.AsSpan().StartsWith(typed, StringComparison.Ordinal)
            || DocumentVersions.Hash(prefix[..last.PrefixLength]) != last.PrefixHash)
        {
            return null;
        }

        return (last.Completion[typed.Length..], CacheHit.TypingAhead);
    }

    public async Task StoreAsync(CompleteCode request, string prefix, string? suffix, string completion)
    {
        var settings = options.Value;
        if (settings.CacheTimeToLive > TimeSpan.Zero)
        {
            await store.SetAsync(ExactKey(request, prefix, suffix), completion, settings.CacheTimeToLive);
        }

        if (DocumentKey(request) is { } documentKey && completion.Length > 0 && settings.TypingAheadTimeToLive > TimeSpan.Zero)
        {
            var last = new LastCompletion(request.Model, prefix.Length, DocumentVersions.Hash(prefix), DocumentVersions.Hash(suffix ?? ""), completion);
            await store.SetAsync(documentKey, JsonSerializer.Serialize(last), settings.TypingAheadTimeToLive);
        }
    }

    /// <summary>The document a request is about: its synced id, else its path; null when it names none.</summary>
    public static string? DocumentName(CompleteCode request) => request.Document?.Id ?? request.FilePath;

    private static string? DocumentKey(CompleteCode request) =>
        DocumentName(request) is { } name ? $"cmpl:ahead:{request.TenantId}:{request.ApiKeyId}:{DocumentVersions.Hash(name)[..32]}" : null;

    // Everything that shapes the answer: model, language, text around the cursor, context and sampling.
    private static string ExactKey(CompleteCode request, string prefix, string? suffix)
    {
        var inputs = new StringBuilder()
            .Append(request.Model).Append('\0').Append(request.Language).Append('\0').Append(prefix).Append('\0').Append(suffix).Append('\0')
            .Append(request.Clipboard).Append('\0')
            .AppendJoin('\0', (request.Declarations ?? []).Concat(request.RelevantSnippets ?? []).Select(snippet => snippet.FilePath + "\u0001" + snippet.Body))
            .Append('\0').Append(JsonSerializer.Serialize(request.Sampling));
        return $"cmpl:exact:{request.TenantId}:{request.ApiKeyId}:{DocumentVersions.Hash(inputs.ToString())}";
    }

    private sealed record LastCompletion(string Model, int PrefixLength, string PrefixHash, string SuffixHash, string Completion);
}
