using Platform.Contracts.Chat;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Apis;

/// <summary>A validated <c>POST /v1/chat/actions/{action}</c> request.</summary>
internal sealed record ChatActionRequest : IGeneratingRequest
{
    public string? Model { get; init; }
    public required ChatAction Action { get; init; }
    public required SamplingSettings Sampling { get; init; }
    public bool Stream { get; init; }
    public bool IncludeUsageInStream { get; init; }

    public int PromptCharacters => Action.Selection.Length + (Action.Diff?.Length ?? 0) + (Action.Instructions?.Length ?? 0)
        + Action.Diagnostics.Sum(line => line.Length);
}
