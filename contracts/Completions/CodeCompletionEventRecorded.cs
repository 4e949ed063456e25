namespace Platform.Contracts.Completions;

/// <summary>
/// Published when an editor reports what happened to a completion it showed: viewed, selected (fully or partly
/// accepted) or dismissed. The source of acceptance-rate metrics.
/// </summary>
public sealed record CodeCompletionEventRecorded
{
    public required string CompletionId { get; init; }
    public required string TenantId { get; init; }
    public string? ApiKeyId { get; init; }
    /// <summary>One of <see cref="CodeCompletionEventKinds"/>.</summary>
    public required string Kind { get; init; }
    public int ChoiceIndex { get; init; }
    /// <summary>For a partial accept: how many characters of the choice were kept.</summary>
    public int? AcceptedCharacters { get; init; }
    /// <summary>How a selection was made: <c>full</c>, <c>line</c> or <c>word</c>.</summary>
    public string? SelectKind { get; init; }
    public string? Language { get; init; }
    /// <summary>Time the completion had been on screen, as the editor measured it.</summary>
    public TimeSpan? Elapsed { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

public static class CodeCompletionEventKinds
{
    public const string View = "view";
    public const string Select = "select";
    public const string Dismiss = "dismiss";

    public static IReadOnlyList<string> All { get; } = [View, Select, Dismiss];
}
