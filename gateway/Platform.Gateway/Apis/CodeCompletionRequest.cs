using Platform.Contracts.Completions;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Apis;

/// <summary>A validated native <c>POST /v1/code/completions</c> request: the editor's view around the cursor.</summary>
internal sealed record CodeCompletionRequest : IGeneratingRequest
{
    public string? Model { get; init; }
    public string? Language { get; init; }
    public required string Prefix { get; init; }
    public string? Suffix { get; init; }
    public string? FilePath { get; init; }
    public string? GitUrl { get; init; }
    /// <summary>A repository of the tenant (id or name) whose index grounds the completion.</summary>
    public string? Repository { get; init; }
    public IReadOnlyList<CodeSnippet> Declarations { get; init; } = [];
    public IReadOnlyList<CodeSnippet> RelevantSnippets { get; init; } = [];
    public string? Clipboard { get; init; }
    /// <summary>The file synced by diff; the completion service takes the prefix and suffix from it.</summary>
    public DocumentSync? Document { get; init; }
    public required SamplingSettings Sampling { get; init; }

    /// <summary>Native code completions answer in one piece.</summary>
    public bool Stream => false;
    public bool IncludeUsageInStream => false;
    public int PromptCharacters => Prefix.Length + (Suffix?.Length ?? 0)
        + (Document is { } document ? Math.Min(document.Text?.Length ?? 0, 32_768) + document.Edits.Sum(edit => edit.Text.Length) : 0);
}
