namespace Platform.Completion;

/// <summary>Settings under <c>Completion</c>.</summary>
public sealed class CompletionOptions
{
    public const string Section = "Completion";

    /// <summary>Per-model prompt settings, by model name. Models not listed get a template inferred from the name.</summary>
    public Dictionary<string, ModelPromptOptions> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Characters of prefix, suffix and cross-file context a prompt may hold when the editor lets the service fit
    /// it (the native code API). About four characters make a token in code.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(256, 1_000_000)]
    public int PromptCharacterBudget { get; set; } = 8192;

    /// <summary>How long an editor's completion answers an identical request (same tenant, key, inputs) again.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an editor's last completion per document is offered again while the user types what it predicted.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan TypingAheadTimeToLive { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a synced document version is kept after it was last sent.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan DocumentTimeToLive { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest synced document, in characters; larger ones are refused (413).</summary>
    [System.ComponentModel.DataAnnotations.Range(1024, 64 * 1024 * 1024)]
    public int MaxDocumentCharacters { get; set; } = 4 * 1024 * 1024;

    /// <summary>Size cap of the in-memory store (embedded), in characters of keys and values.</summary>
    [System.ComponentModel.DataAnnotations.Range(1024 * 1024, int.MaxValue)]
    public long MemoryStoreCharacters { get; set; } = 64L * 1024 * 1024;

    /// <summary>Grounding in the tenant's indexed repository, for requests that name one (<c>git_url</c> or <c>repository</c>).</summary>
    public CompletionRetrievalOptions Retrieval { get; set; } = new();
}

/// <summary>Settings under <c>Completion:Retrieval</c> (ranges checked in <c>AddCompletionService</c>).</summary>
public sealed class CompletionRetrievalOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>How long a completion waits for retrieval; past it the completion goes on without repository snippets.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Repository snippets added to a prompt, at most (within the context's share of the character budget).</summary>
    public int MaxSnippets { get; set; } = 3;

    /// <summary>Characters of the code before the cursor used as the query (plus a quarter as many after it).</summary>
    public int QueryCharacters { get; set; } = 1024;
}

public sealed class ModelPromptOptions
{
    /// <summary>FIM template family: qwen, deepseek, codellama or starcoder.</summary>
    public string? Template { get; set; }
}
