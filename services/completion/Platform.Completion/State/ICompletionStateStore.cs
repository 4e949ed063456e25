namespace Platform.Completion.State;

/// <summary>
/// Short-lived values the completion service shares between its replicas: cached completions, typing-ahead entries,
/// synced document versions and the generation running per document. Redis when the service has one (distributed),
/// memory otherwise (embedded). Every value expires; a store that cannot be reached behaves as empty, so completion
/// keeps working without its cache.
/// </summary>
internal interface ICompletionStateStore
{
    Task<string?> GetAsync(string key);

    Task SetAsync(string key, string value, TimeSpan timeToLive);

    /// <summary>Sets the value and returns the one it replaced, in one step.</summary>
    Task<string?> ExchangeAsync(string key, string value, TimeSpan timeToLive);
}
