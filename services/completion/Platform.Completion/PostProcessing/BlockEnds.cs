namespace Platform.Completion.PostProcessing;

/// <summary>Where a completion leaves the block the cursor is in, by indentation or by brackets.</summary>
internal static class BlockEnds
{
    private static readonly HashSet<string> ClosingKeywords =
        ["end", "fi", "done", "esac", "endif", "endfor", "endwhile", "endfunction", "endmodule", "endcase", "until", "End", "END", "end if", "end function", "end do", "end sub"];

    /// <summary>
    /// Python-like languages: the completion ends before the first line indented less than the cursor's block, and,
    /// in a top-level block, before a new top-level statement once the completion has gone into a body.
    /// </summary>
    public static string ByIndentation(string text, string currentLine, bool keepsClosingKeyword = false)
    {
        var blockIndent = currentLine.Trim().Length == 0 ? currentLine.Length : Indent(currentLine);
        var lines = text.Split('\n');
        var wentDeeper = false;
        for (var index = 1; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var indent = Indent(line);
            if (indent < blockIndent || (blockIndent == 0 && indent == 0 && wentDeeper))
            {
                // Ruby, Lua, shell: the line that closes the block (end, fi, done) belongs to it.
                var closes = keepsClosingKeyword && ClosingKeywords.Contains(line.Trim().TrimEnd(';'));
                return string.Join('\n', lines[..(closes ? index + 1 : index)]);
            }

            wentDeeper |= indent > blockIndent;
        }

        return text;
    }

    /// <summary>
    /// C-like languages: the completion ends with the line whose bracket closes the block the cursor is in, or with the
    /// line that closes a block the completion itself opened at the cursor's level. Brackets in strings and line
    /// comments do not count.
    /// </summary>
    public static string ByBrackets(string text)
    {
        var depth = 0;
        var opened = false;
        var quote = '\0';
        for (var index = 0; index < text.Length; index++)
        {
            var c = text[index];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    index++;
                }
                else if (c == quote || c == '\n')
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'' or '`':
                    quote = c;
                    break;
                case '/' when index + 1 < text.Length && text[index + 1] == '/':
                    index = text.IndexOf('\n', index) is var end and >= 0 ? end - 1 : text.Length;
                    break;
                case '(' or '[' or '{':
                    depth++;
                    opened = true;
                    break;
                case ')' or ']' or '}':
                    depth--;
                    var lineEnd = text.IndexOf('\n', index);
                    var restOfLine = lineEnd < 0 ? text[(index + 1)..] : text[(index + 1)..lineEnd];
                    // "} else {" closes one block and opens the next: not an end.
                    if (depth < 0 || (depth == 0 && opened && c == '}' && !restOfLine.Contains('{')))
                    {
                        return lineEnd < 0 ? text : text[..lineEnd];
                    }

                    break;
            }
        }

        return text;
    }

    /// <summary>The completion ends before a line that is the suffix's next line (a closing bracket the editor already has).</summary>
    public static string BeforeSuffixLine(string text, string suffix)
    {
        var next = suffix.Split('\n').Skip(1).Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0);
        if (next is null)
        {
            return text;
        }

        var lines = text.Split('\n');
        for (var index = 1; index < lines.Length; index++)
        {
            if (lines[index].Trim() == next)
            {
                return string.Join('\n', lines[..index]);
            }
        }

        return text;
    }

    private static int Indent(string line)
    {
        var count = 0;
        foreach (var c in line)
        {
            if (c == ' ')
            {
                count++;
            }
            else if (c == '\t')
            {
                count += 4;
            }
            else
            {
                break;
            }
        }

        return count;
    }
}
