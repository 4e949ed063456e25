using Platform.Contracts.Completions;

namespace Platform.Gateway.Streaming;

/// <summary>The code around the cursor and the context a code completion is built from.</summary>
internal sealed record CodeSegments(string Prefix, string? Suffix)
{
    public string? Language { get; init; }
    public string? FilePath { get; init; }
    public string? GitUrl { get; init; }
    /// <summary>A repository of the tenant (id or name) to ground the completion in.</summary>
    public string? Repository { get; init; }
    public IReadOnlyList<CodeSnippet> Declarations { get; init; } = [];
    public IReadOnlyList<CodeSnippet> RelevantSnippets { get; init; } = [];
    public string? Clipboard { get; init; }
    /// <summary>The segments are a window of the editor's file, which the completion service may trim to its prompt budget.</summary>
    public bool FitToBudget { get; init; }
    /// <summary>An editor's request: post-processed, cached, superseded per document.</summary>
    public bool Editor { get; init; }
    public DocumentSync? Document { get; init; }
}
