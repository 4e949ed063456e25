using System.Collections.Frozen;

namespace Platform.Languages;

/// <summary>
/// The platform's one table of languages (<see cref="LanguageEntries"/> holds the data). Completion takes its
/// comment syntax and block rules from it; retrieval takes detection and the ctags names.
/// </summary>
public static class LanguageTable
{
    private static readonly FrozenDictionary<string, Language> ByIdOrAlias;
    private static readonly FrozenDictionary<string, Language> ByExtension;
    private static readonly FrozenDictionary<string, Language> ByFileName;
    private static readonly FrozenDictionary<string, Language> ByInterpreter;

    static LanguageTable()
    {
        All = LanguageEntries.Create();
        ByIdOrAlias = Index(All, language => [language.Id, .. language.Aliases], StringComparer.OrdinalIgnoreCase);
        ByExtension = Index(All, language => language.Extensions, StringComparer.OrdinalIgnoreCase);
        // File names are case-sensitive on the systems repositories come from ("makefile" and "Makefile" both listed).
        ByFileName = Index(All, language => language.FileNames, StringComparer.Ordinal);
        ByInterpreter = Index(All, language => language.Interpreters, StringComparer.Ordinal);
    }

    /// <summary>Every language, in the table's order.</summary>
    public static IReadOnlyList<Language> All { get; }

    /// <summary>The language with this id or alias ("python", "py", "C#"), case-insensitively; null when unknown.</summary>
    public static Language? FindById(string idOrAlias) =>
        ByIdOrAlias.GetValueOrDefault(idOrAlias.Trim());

    /// <summary>The language of a file path: its whole file name first ("Dockerfile"), then its extension.</summary>
    public static Language? FromPath(string path)
    {
        var fileName = Path.GetFileName(path.Replace('\\', '/'));
        if (fileName.Length == 0)
        {
            return null;
        }

        if (ByFileName.TryGetValue(fileName, out var named))
        {
            return named;
        }

        // ".d.ts" and "x.tar.gz" style names: the last extension decides.
        var extension = Path.GetExtension(fileName);
        return extension.Length > 1 ? ByExtension.GetValueOrDefault(extension) : null;
    }

    /// <summary>The language a shebang line runs ("#!/usr/bin/env python3", "#!/bin/bash -e"); null otherwise.</summary>
    public static Language? FromShebang(string firstLine)
    {
        if (!firstLine.StartsWith("#!", StringComparison.Ordinal))
        {
            return null;
        }

        var words = firstLine[2..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        var program = Path.GetFileName(words[0]);
        if (program == "env")
        {
            // `env -S python3 -u`: the first word that is not an option is the program.
            program = words.Skip(1).FirstOrDefault(word => !word.StartsWith('-')) ?? "";
        }

        return ByInterpreter.GetValueOrDefault(program) ?? ByInterpreter.GetValueOrDefault(TrimVersion(program));
    }

    /// <summary>
    /// The language a request is in: the client's language id when the table knows it, else the file path, else the
    /// shebang of the file's first line.
    /// </summary>
    public static Language? Detect(string? languageId, string? path, string? firstLine = null) =>
        (string.IsNullOrWhiteSpace(languageId) ? null : FindById(languageId))
        ?? (string.IsNullOrWhiteSpace(path) ? null : FromPath(path))
        ?? (string.IsNullOrEmpty(firstLine) ? null : FromShebang(firstLine));

    // "python3.12" → "python3" is listed; "ruby3.2" → "ruby".
    private static string TrimVersion(string program) => program.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.');

    private static FrozenDictionary<string, Language> Index(
        IReadOnlyList<Language> languages, Func<Language, IEnumerable<string>> keys, StringComparer comparer)
    {
        var index = new Dictionary<string, Language>(comparer);
        foreach (var language in languages)
        {
            foreach (var key in keys(language))
            {
                // The first language to claim a key keeps it: the table lists the common meaning of ".h" or ".m" first.
                index.TryAdd(key, language);
            }
        }

        return index.ToFrozenDictionary(comparer);
    }
}
