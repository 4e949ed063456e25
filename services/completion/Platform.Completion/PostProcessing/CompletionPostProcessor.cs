using Platform.Languages;

namespace Platform.Completion.PostProcessing;

/// <summary>
/// Shapes a model's raw completion into what an editor shows, by the rules of its language:
/// <list type="number">
/// <item>only the current line when the cursor is mid-line with text after it;</item>
/// <item>stop at the end of the current block (indentation falling back for Python-like languages, the bracket that
/// closes the enclosing block for C-like ones);</item>
/// <item>drop the part that repeats the start of the text after the cursor;</item>
/// <item>drop completions that are only whitespace or only repeat the line above;</item>
/// <item>trim trailing whitespace.</item>
/// </list>
/// </summary>
internal static class CompletionPostProcessor
{
    public static string Process(string completion, string prefix, string? suffix, string? language, string? filePath) =>
        Process(completion, prefix, suffix ?? "", CompletionLanguageRules.For(language, filePath, FirstLine(prefix)));

    public static string Process(string completion, string prefix, string suffix, CompletionLanguageRules rules)
    {
        var text = completion.Replace("\r\n", "\n", StringComparison.Ordinal);
        var currentLine = prefix[(prefix.LastIndexOf('\n') + 1)..];
        var restOfLine = suffix.Split('\n', 2)[0];
        if (restOfLine.Trim().Length > 0)
        {
            text = text.Split('\n', 2)[0];
        }
        else
        {
            text = rules.Blocks switch
            {
                BlockStyle.Indentation => BlockEnds.ByIndentation(text, currentLine),
                BlockStyle.EndKeyword => BlockEnds.ByIndentation(text, currentLine, keepsClosingKeyword: true),
                BlockStyle.Braces => BlockEnds.ByBrackets(text),
                _ => text,
            };
            text = BlockEnds.BeforeSuffixLine(text, suffix);
        }

        text = TrimTrailingWhitespace(RemoveSuffixOverlap(text, restOfLine));
        return RepeatsLineAbove(text, prefix, currentLine) ? "" : text;
    }

    /// <summary>The end of the completion that the text right after the cursor already has (a closing bracket, a quote).</summary>
    internal static string RemoveSuffixOverlap(string text, string restOfLine)
    {
        var after = restOfLine.TrimEnd();
        for (var length = Math.Min(text.Length, after.Length); length > 0; length--)
        {
            if (text.EndsWith(after[..length], StringComparison.Ordinal))
            {
                return text[..^length];
            }
        }

        return text;
    }

    private static string TrimTrailingWhitespace(string text) =>
        string.Join('\n', text.Split('\n').Select(line => line.TrimEnd())).TrimEnd();

    private static bool RepeatsLineAbove(string text, string prefix, string currentLine)
    {
        if (text.Trim().Length == 0)
        {
            return true;
        }

        var lines = prefix.Split('\n');
        var above = lines.Length >= 2 ? lines[^2].Trim() : null;
        return above is { Length: > 0 } && (currentLine + text).Trim() == above;
    }

    private static string FirstLine(string prefix)
    {
        var end = prefix.IndexOf('\n');
        return end < 0 ? prefix : prefix[..end];
    }
}
