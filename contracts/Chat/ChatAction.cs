namespace Platform.Contracts.Chat;

/// <summary>
/// A one-click assistant action on the editor's selection. <see cref="Name"/> is one of <see cref="ChatActionNames"/>;
/// the other fields are what that action reads (a fix reads <see cref="Diagnostics"/>, a translation
/// <see cref="TargetLanguage"/>, a commit message <see cref="Diff"/>).
/// </summary>
public sealed record ChatAction
{
    public required string Name { get; init; }
    /// <summary>The selected code (empty for a commit message, which reads the diff).</summary>
    public string Selection { get; init; } = "";
    public string? Language { get; init; }
    public string? FilePath { get; init; }
    /// <summary>Compiler or linter messages about the selection, one per line.</summary>
    public IReadOnlyList<string> Diagnostics { get; init; } = [];
    public string? TargetLanguage { get; init; }
    public string? Diff { get; init; }
    /// <summary>Anything the user added in their own words.</summary>
    public string? Instructions { get; init; }
}

public static class ChatActionNames
{
    public const string Explain = "explain";
    public const string Tests = "tests";
    public const string Fix = "fix";
    public const string Document = "document";
    public const string Translate = "translate";
    public const string Optimize = "optimize";
    public const string Review = "review";
    public const string CommitMessage = "commit-message";

    public static IReadOnlyList<string> All { get; } = [Explain, Tests, Fix, Document, Translate, Optimize, Review, CommitMessage];
}
