namespace Platform.Retrieval.Search;

/// <summary>
/// The identifiers of the code before an editor's cursor, nearest the cursor first, as the index spells them (lower
/// case, outer underscores trimmed): the names a completion most likely needs the definitions of.
/// </summary>
internal static class CursorIdentifiers
{
    // Keywords and names so common in every language that they only cost time (BM25 would weigh them near zero).
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "and", "any", "as", "async", "await", "bool", "break", "case", "catch", "char", "class", "const", "continue", "def",
        "default", "del", "elif", "else", "end", "enum", "false", "final", "finally", "float", "for", "from", "func", "function",
        "get", "global", "if", "import", "in", "init", "int", "interface", "is", "lambda", "let", "long", "new", "nil", "none",
        "not", "null", "object", "or", "package", "pass", "private", "protected", "pub", "public", "raise", "return", "self",
        "set", "static", "str", "string", "struct", "sub", "super", "switch", "this", "throw", "true", "try", "type", "using",
        "var", "void", "while", "with", "yield", "my", "our", "use", "fn", "impl", "mut", "val",
    };

    public static List<string> Extract(string window, int max)
    {
        var found = new List<string>(max);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var end = window.Length;
        while (end > 0 && found.Count < max)
        {
            // Walk back to the end of the previous identifier, then to its start.
            while (end > 0 && !IsPart(window[end - 1]))
            {
                end--;
            }

            var start = end;
            while (start > 0 && IsPart(window[start - 1]))
            {
                start--;
            }

            if (start < end && !char.IsDigit(window[start]))
            {
                var name = window[start..end].Trim('_').ToLowerInvariant();
                if (name.Length >= 3 && !Common.Contains(name) && seen.Add(name))
                {
                    found.Add(name);
                }
            }

            end = start;
        }

        return found;
    }

    private static bool IsPart(char c) => c == '_' || char.IsLetterOrDigit(c);
}
