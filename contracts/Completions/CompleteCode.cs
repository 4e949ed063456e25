using Platform.Contracts.Generation;

namespace Platform.Contracts.Completions;

/// <summary>
/// Command from the gateway to the completion service: build the prompt for this code completion and
/// send it to the model. Output flows from the worker straight to <see cref="StreamAddress"/>.
/// </summary>
public sealed record CompleteCode : IGenerationRequest
{
    public required Guid GenerationId { get; init; }
    public required string TenantId { get; init; }
    public string? ApiKeyId { get; init; }
    public required string Model { get; init; }
    public required string Prefix { get; init; }
    /// <summary>Text after the cursor; when present the prompt is fill-in-the-middle.</summary>
    public string? Suffix { get; init; }
    public string? Language { get; init; }
    public string? FilePath { get; init; }
    /// <summary>The repository the file belongs to, as the editor knows it.</summary>
    public string? GitUrl { get; init; }
    /// <summary>A repository of the tenant (id or name) to ground the completion in, when the editor knows no git URL.</summary>
    public string? Repository { get; init; }
    /// <summary>Declarations of symbols used near the cursor (most relevant first).</summary>
    public IReadOnlyList<CodeSnippet>? Declarations { get; init; }
    /// <summary>Snippets from recently changed or opened files, with relevance scores.</summary>
    public IReadOnlyList<CodeSnippet>? RelevantSnippets { get; init; }
    /// <summary>The editor's clipboard, when the plugin shares it.</summary>
    public string? Clipboard { get; init; }
    /// <summary>
    /// The prefix and suffix are a window of the editor's file, so the service may trim the prefix's start and the
    /// suffix's end to fit its prompt budget. Off for OpenAI-style requests, whose prompt is used as given.
    /// </summary>
    public bool FitToBudget { get; init; }
    /// <summary>
    /// A request from an editor plugin (the native API): its answer is post-processed per language, cached and reused
    /// while the user types it, and a newer request for the same document supersedes it. OpenAI-style requests get
    /// the model's text as it is.
    /// </summary>
    public bool Editor { get; init; }
    /// <summary>The file synced by diff; when set, <see cref="Prefix"/> and <see cref="Suffix"/> come from it at its cursor.</summary>
    public DocumentSync? Document { get; init; }
    public required SamplingSettings Sampling { get; init; }
    /// <inheritdoc cref="Generation.Generate.StreamDeltas"/>
    public bool StreamDeltas { get; init; } = true;
    public required Uri StreamAddress { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }
    public string Endpoint { get; init; } = "";
    /// <inheritdoc cref="IGenerationRequest.PriorityBoost"/>
    public int PriorityBoost { get; init; }
}
