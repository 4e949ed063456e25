namespace Platform.Chat;

/// <summary>Settings under <c>Chat</c>.</summary>
public sealed class ChatOptions
{
    public const string Section = "Chat";

    /// <summary>Per-model chat settings, by model name. Models not listed get a template inferred from the name.</summary>
    public Dictionary<string, ChatModelOptions> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Answers grounded in repositories and the web (requests with a <c>context</c>).</summary>
    public ChatGroundingOptions Grounding { get; set; } = new();
}

/// <summary>Settings under <c>Chat:Grounding</c> (ranges checked in <c>AddChatService</c>).</summary>
public sealed class ChatGroundingOptions
{
    /// <summary>Code hits asked of retrieval for a question.</summary>
    public int CodeSources { get; set; } = 5;

    /// <summary>Web passages asked of retrieval for a question (passages of one page are one source).</summary>
    public int WebSources { get; set; } = 6;

    /// <summary>Characters of the system turn's sources section, at most.</summary>
    public int MaxSourceCharacters { get; set; } = 12_000;

    /// <summary>How long each search may take (a web search fetches pages); past it the answer goes on without it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool IsValid() => CodeSources is >= 1 and <= 50 && WebSources is >= 1 and <= 20 && MaxSourceCharacters is >= 500 and <= 1_000_000
        && Timeout > TimeSpan.Zero && Timeout <= TimeSpan.FromMinutes(2);
}

public sealed class ChatModelOptions
{
    /// <summary>Chat template family: chatml, deepseek or llama2.</summary>
    public string? Template { get; set; }
}
