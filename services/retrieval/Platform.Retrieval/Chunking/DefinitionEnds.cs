using Platform.Languages;

namespace Platform.Retrieval.Chunking;

/// <summary>
/// Where a definition ends when ctags gave only its first line: the matching close brace (brace languages), the
/// line before the indentation falls back (indentation languages), else the definition's own line.
/// </summary>
internal static class DefinitionEnds
{
    private const int MaxScanLines = 5000;

    public static int Find(string[] lines, int startLine, BlockStyle blocks) => blocks switch
    {
        BlockStyle.Braces => MatchingBrace(lines, startLine),
        BlockStyle.Indentation => Dedent(lines, startLine),
        _ => startLine,
    };

    private static int MatchingBrace(string[] lines, int startLine)
    {
        var depth = 0;
        var opened = false;
        for (var line = startLine; line <= lines.Length && line < startLine + MaxScanLines; line++)
        {
            var text = lines[line - 1];
            var quote = '\0';
            for (var index = 0; index < text.Length; index++)
            {
                var character = text[index];
                if (quote != '\0')
                {
                    if (character == '\\')
                    {
                        index++;
                    }
                    else if (character == quote)
                    {
                        quote = '\0';
                    }

                    continue;
                }

                if (character == '/' && index + 1 < text.Length && text[index + 1] == '/')
                {
                    break; // line comment
                }

                switch (character)
                {
                    case '"' or '\'' or '`':
                        quote = character;
                        break;
                    case '{':
                        depth++;
                        opened = true;
                        break;
                    case '}':
                        depth--;
                        if (opened && depth == 0)
                        {
                            return line;
                        }

                        break;
                }
            }

            // A declaration without a body (an abstract method, a prototype) ends on its line.
            if (!opened && text.TrimEnd().EndsWith(';'))
            {
                return line;
            }
        }

        return startLine;
    }

    private static int Dedent(string[] lines, int startLine)
    {
        var indent = Indent(lines[startLine - 1]);
        var end = startLine;
        for (var line = startLine + 1; line <= lines.Length && line < startLine + MaxScanLines; line++)
        {
            if (string.IsNullOrWhiteSpace(lines[line - 1]))
            {
                continue;
            }

            if (Indent(lines[line - 1]) <= indent)
            {
                break;
            }

            end = line;
        }

        return end;
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;
}
