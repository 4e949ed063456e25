using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Retrieval.Benchmarks;

/// <summary>
/// Perl modules with their POD taken out (every block from a <c>=command</c> line to <c>=cut</c>, and all after
/// <c>__END__</c>), and for each documented subroutine (<c>=item name</c>, <c>=head2 $obj-&gt;name(...)</c>) the
/// first sentence of its description as a query whose answer is the chunk holding <c>sub name</c>.
/// </summary>
internal static partial class PodCorpus
{
    public static (string Text, List<DocQuery> Queries) Strip(string path, string source)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        var output = new StringBuilder(source.Length);
        var subs = new Dictionary<string, int>(StringComparer.Ordinal);
        var documented = new List<(string Name, string Summary)>();
        var outputLine = 0;
        var inPod = false;
        string? heading = null;
        var paragraph = new StringBuilder();
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            if (!inPod && (line.StartsWith("__END__", StringComparison.Ordinal) || line.StartsWith("__DATA__", StringComparison.Ordinal)))
            {
                inPod = true; // the rest is POD or data, never code
                heading = null;
                continue;
            }

            if (!inPod && line.Length > 1 && line[0] == '=' && char.IsLetter(line[1]))
            {
                inPod = true;
            }

            if (!inPod)
            {
                output.Append(line).Append('\n');
                outputLine++;
                if (Sub().Match(line) is { Success: true } sub)
                {
                    subs.TryAdd(sub.Groups[1].Value.Split("::")[^1], outputLine);
                }

                continue;
            }

            if (line.StartsWith("=cut", StringComparison.Ordinal))
            {
                inPod = false;
                heading = null;
                continue;
            }

            if (line.StartsWith('='))
            {
                heading = Heading().Match(line) is { Success: true } command ? Name(command.Groups[1].Value) : null;
                paragraph.Clear();
                continue;
            }

            if (heading is null)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                if (paragraph.Length > 0)
                {
                    documented.Add((heading, Summary(paragraph.ToString())));
                    heading = null;
                    paragraph.Clear();
                }

                continue;
            }

            if (char.IsWhiteSpace(line[0]))
            {
                continue; // a verbatim (code example) paragraph: not the description
            }

            paragraph.Append(line.Trim()).Append(' ');
        }

        var queries = documented
            .Where(doc => subs.ContainsKey(doc.Name) && doc.Summary.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5)
            .DistinctBy(doc => doc.Name)
            .Select(doc => new DocQuery(doc.Summary, path, subs[doc.Name], doc.Name))
            .ToList();
        return (output.ToString(), queries);
    }

    /// <summary>The subroutine a heading documents: <c>$obj-&gt;name(ARGS)</c>, <c>Module::name</c>, <c>C&lt;name&gt;</c> → name.</summary>
    private static string? Name(string heading)
    {
        var plain = FormattingCode().Replace(heading, "$1").Trim();
        var match = HeadingName().Match(plain);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string Summary(string paragraph)
    {
        var text = Whitespace().Replace(FormattingCode().Replace(paragraph, "$1").Trim(), " ");
        var stop = text.IndexOf(". ", StringComparison.Ordinal);
        return (stop > 0 ? text[..(stop + 1)] : text).Trim();
    }

    [GeneratedRegex(@"^\s*sub\s+([A-Za-z_][\w:]*)")]
    private static partial Regex Sub();

    [GeneratedRegex(@"^=(?:item|head[2-4])\s+(.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(?:[\$@%]?[\w:]+\s*->\s*)?(?:\w+::)*([A-Za-z_]\w*)\s*(?:\(|$|\s)")]
    private static partial Regex HeadingName();

    [GeneratedRegex(@"[A-Z]<+\s*([^<>]*?)\s*>+")]
    private static partial Regex FormattingCode();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
