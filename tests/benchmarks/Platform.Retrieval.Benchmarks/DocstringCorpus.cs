using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Retrieval.Benchmarks;

/// <summary>A question with a known answer: the docstring's summary line, and where its definition is.</summary>
internal sealed record DocQuery(string Query, string Path, int DefinitionLine, string Name);

/// <summary>
/// Python sources with every function and class docstring taken out (so the answer's text never contains the
/// question), and the docstrings' summary lines as queries whose answer is the documented definition.
/// </summary>
internal static partial class DocstringCorpus
{
    public static (string Text, List<DocQuery> Queries) Strip(string path, string source)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        var output = new StringBuilder(source.Length);
        var queries = new List<DocQuery>();
        var outputLine = 0;
        for (var index = 0; index < lines.Length; index++)
        {
            output.Append(lines[index]).Append('\n');
            outputLine++;
            var definition = Definition().Match(lines[index]);
            if (!definition.Success || !lines[index].TrimEnd().EndsWith(':'))
            {
                continue;
            }

            var next = index + 1;
            if (next >= lines.Length)
            {
                continue;
            }

            var opening = lines[next].TrimStart();
            var quote = opening.StartsWith("\"\"\"", StringComparison.Ordinal) ? "\"\"\""
                : opening.StartsWith("'''", StringComparison.Ordinal) ? "'''"
                : opening.StartsWith("r\"\"\"", StringComparison.Ordinal) ? "\"\"\"" : null;
            if (quote is null)
            {
                continue;
            }

            // Collect the docstring's lines and drop them from the output.
            var docstring = new StringBuilder();
            var end = next;
            var first = opening[(opening.IndexOf(quote, StringComparison.Ordinal) + 3)..];
            if (first.Contains(quote, StringComparison.Ordinal))
            {
                docstring.Append(first[..first.IndexOf(quote, StringComparison.Ordinal)]);
            }
            else
            {
                docstring.Append(first).Append(' ');
                while (++end < lines.Length && !lines[end].Contains(quote, StringComparison.Ordinal))
                {
                    docstring.Append(lines[end].Trim()).Append(' ');
                }

                if (end < lines.Length)
                {
                    docstring.Append(lines[end][..lines[end].IndexOf(quote, StringComparison.Ordinal)].Trim());
                }
            }

            index = end;
            var summary = Summary(docstring.ToString());
            if (summary.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5)
            {
                queries.Add(new DocQuery(summary, path, outputLine, definition.Groups[2].Value));
            }
        }

        return (output.ToString(), queries);
    }

    /// <summary>The first sentence (or paragraph) of a docstring.</summary>
    private static string Summary(string docstring)
    {
        var text = Whitespace().Replace(docstring.Trim(), " ");
        var stop = text.IndexOf(". ", StringComparison.Ordinal);
        return (stop > 0 ? text[..(stop + 1)] : text).Trim();
    }

    [GeneratedRegex(@"^\s*(async\s+def|def|class)\s+([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Definition();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
