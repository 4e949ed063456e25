namespace Platform.Gateway.ApiKeys;

/// <summary>What an API key may be allowed to do; the one place the scope names are spelled.</summary>
internal static class ApiKeyScopes
{
    public const string Completions = "completions";
    public const string Chat = "chat";
    public const string Events = "events";

    /// <summary>Repository indexing and code/web search (<c>/v1/repositories</c>, <c>/v1/search</c>).</summary>
    public const string Retrieval = "retrieval";

    public static readonly IReadOnlyList<string> All = [Completions, Chat, Events, Retrieval];
}
