using Platform.Completion.State;
using Platform.Contracts.Completions;

namespace Platform.Completion.Caching;

/// <summary>
/// The model generation running for each document, per tenant and API key, across replicas: a newer request for the
/// same document takes its place and gets the older one's id back, to cancel it (the user has typed past it).
/// </summary>
internal sealed class SupersededCompletions(ICompletionStateStore store, TimeProvider time)
{
    /// <summary>Registers <paramref name="modelGenerationId"/> as the document's running generation; returns the one it replaced.</summary>
    public async Task<Guid?> ReplaceAsync(CompleteCode request, Guid modelGenerationId)
    {
        if (CompletionCache.DocumentName(request) is not { } document)
        {
            return null;
        }

        var timeToLive = request.Deadline - time.GetUtcNow();
        var key = $"cmpl:running:{request.TenantId}:{request.ApiKeyId}:{Documents.DocumentVersions.Hash(document)[..32]}";
        var previous = await store.ExchangeAsync(key, modelGenerationId.ToString("N"), timeToLive > TimeSpan.Zero ? timeToLive : TimeSpan.FromSeconds(1));
        return Guid.TryParse(previous, out var id) && id != modelGenerationId ? id : null;
    }
}
