using Platform.Languages;

namespace Platform.Completion.PostProcessing;

/// <summary>
/// What completion needs to know of a language, derived from the shared <see cref="LanguageTable"/>: how its blocks
/// end, how to write a comment, and the stop sequences that end a completion at the next top-level definition.
/// Unknown languages get brace rules with <c>//</c> comments, the most common shape.
/// </summary>
internal sealed record CompletionLanguageRules(string Id, BlockStyle Blocks, string? LineComment, BlockComment? BlockComment,
    IReadOnlyList<string> StopSequences)
{
    private static readonly CompletionLanguageRules Unknown = new("unknown", BlockStyle.Braces, "//", null, []);

    public static CompletionLanguageRules For(string? language, string? path, string? firstLine = null) =>
        LanguageTable.Detect(language, path, firstLine) is { } known ? From(known) : Unknown;

    public static CompletionLanguageRules From(Language language) => new(language.Id, language.Blocks, language.LineComment,
        language.BlockComment, StopsFor(language));

    /// <summary>A definition keyword at the start of a line means the model has moved on to the next top-level definition.</summary>
    private static IReadOnlyList<string> StopsFor(Language language) => language.Blocks is BlockStyle.None or BlockStyle.Markup
        ? []
        : [.. language.DefinitionKeywords.Select(keyword => "\n" + keyword + (char.IsLetterOrDigit(keyword[^1]) ? " " : ""))];

    /// <summary>One line of text as a comment of the language (a block comment where it has no line comment).</summary>
    public string Comment(string line) => LineComment is { } marker ? $"{marker} {line}"
        : BlockComment is { } block ? $"{block.Open} {line} {block.Close}"
        : $"// {line}";
}
