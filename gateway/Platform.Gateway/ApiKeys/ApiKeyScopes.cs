namespace Platform.Gateway.ApiKeys;

/// <summary>What an API key may be allowed to do; the one place the scope names are spelled.</summary>
internal static class ApiKeyScopes
{
    public const string Completions = "completions";
    public const string Chat = "chat";
    public const string Events = "events";

    public static readonly IReadOnlyList<string> All = [Completions, Chat, Events];
}
