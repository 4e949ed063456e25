namespace Platform.Languages;

/// <summary>A programming (or markup, config, query) language as completion and retrieval need to know it.</summary>
/// <param name="Id">Stable lower-case id; the VS Code language id where one exists ("python", "csharp").</param>
/// <param name="Name">Display name.</param>
/// <param name="Aliases">Other ids clients send for it ("py", "c#"); matched case-insensitively.</param>
/// <param name="Extensions">File extensions with their dot (".py"), lower case.</param>
/// <param name="FileNames">Whole file names that identify it without an extension ("Makefile").</param>
/// <param name="Interpreters">Program names a shebang line may run ("python3").</param>
/// <param name="LineComment">The line-comment opener, when the language has one.</param>
/// <param name="BlockComment">The block-comment delimiters, when the language has them.</param>
/// <param name="Blocks">How the language marks where a block of code ends.</param>
/// <param name="CtagsName">The language's name for Universal Ctags (<c>--languages=</c>), when ctags parses it.</param>
/// <param name="DefinitionKeywords">Words that open a top-level definition at the start of a line ("def", "class").</param>
public sealed record Language(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Extensions,
    IReadOnlyList<string> FileNames,
    IReadOnlyList<string> Interpreters,
    string? LineComment,
    BlockComment? BlockComment,
    BlockStyle Blocks,
    string? CtagsName,
    IReadOnlyList<string> DefinitionKeywords);

/// <summary>Block-comment delimiters, e.g. <c>/*</c> and <c>*/</c>.</summary>
public sealed record BlockComment(string Open, string Close);

/// <summary>How a language shows where a block ends — what a completion cut at "the end of the block" looks for.</summary>
public enum BlockStyle
{
    /// <summary>No nested code blocks (data, prose, most config).</summary>
    None,

    /// <summary>Blocks close with a bracket: <c>}</c> (C, Java, Go, Rust, JavaScript …).</summary>
    Braces,

    /// <summary>Blocks end where the indentation falls back (Python, YAML, Haskell, F# …).</summary>
    Indentation,

    /// <summary>Blocks close with a keyword: <c>end</c>, <c>fi</c>, <c>done</c> (Ruby, Lua, shell, Elixir …).</summary>
    EndKeyword,

    /// <summary>Blocks close with a matching tag (HTML, XML, Vue templates).</summary>
    Markup,
}
