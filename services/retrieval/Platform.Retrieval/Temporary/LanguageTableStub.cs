// TEMPORARY until services/languages is merged into main: the subset of Platform.Languages this library uses.
namespace Platform.Languages;

public sealed record Language(string Id, string Name, string? CtagsName);

public static class LanguageTable
{
    private static readonly Dictionary<string, Language> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".py"] = new("python", "Python", "Python"), [".cs"] = new("csharp", "C#", "C#"), [".go"] = new("go", "Go", "Go"),
        [".js"] = new("javascript", "JavaScript", "JavaScript"), [".ts"] = new("typescript", "TypeScript", "TypeScript"),
        [".c"] = new("c", "C", "C"), [".h"] = new("c", "C", "C"), [".rs"] = new("rust", "Rust", "Rust"),
        [".java"] = new("java", "Java", "Java"), [".rb"] = new("ruby", "Ruby", "Ruby"), [".sh"] = new("shellscript", "Shell", "Sh"),
        [".pl"] = new("perl", "Perl", "Perl"), [".pm"] = new("perl", "Perl", "Perl"), [".md"] = new("markdown", "Markdown", "Markdown"),
    };

    public static Language? Detect(string? languageId, string? path, string? firstLine = null)
    {
        if (path is not null && ByExtension.TryGetValue(Path.GetExtension(path), out var language))
        {
            return language;
        }

        if (firstLine is not null && firstLine.StartsWith("#!", StringComparison.Ordinal) && firstLine.Contains("python", StringComparison.Ordinal))
        {
            return ByExtension[".py"];
        }

        return null;
    }
}
