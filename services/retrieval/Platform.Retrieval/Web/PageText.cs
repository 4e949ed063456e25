using AngleSharp.Html.Parser;

namespace Platform.Retrieval.Web;

/// <summary>Readable text of a page: the main content without scripts, styles, navigation and footers, in passages.</summary>
internal static class PageText
{
    private static readonly string[] Noise = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "iframe", "template"];

    public static (string Title, string Text) Extract(string html, string mediaType)
    {
        if (mediaType == "text/plain")
        {
            return ("", html);
        }

        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll(string.Join(',', Noise)).ToList())
        {
            element.Remove();
        }

        var root = document.QuerySelector("main") ?? document.QuerySelector("article") ?? document.Body;
        var blocks = root?.QuerySelectorAll("h1,h2,h3,h4,p,li,pre,td,dd,dt,blockquote")
            .Select(element => Collapse(element.TextContent)).Where(text => text.Length > 0).ToList() ?? [];
        var text = blocks.Count > 0 ? string.Join("\n", blocks.Distinct()) : Collapse(root?.TextContent ?? "");
        return (Collapse(document.Title ?? ""), text);
    }

    /// <summary>Passages of about <paramref name="size"/> characters, cut at line ends.</summary>
    public static List<string> Passages(string text, int size = 700)
    {
        var passages = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (current.Length > 0 && current.Length + line.Length > size)
            {
                passages.Add(current.ToString().Trim());
                current.Clear();
            }

            current.Append(line.Length > size * 2 ? line[..(size * 2)] : line).Append('\n');
        }

        if (current.Length > 0)
        {
            passages.Add(current.ToString().Trim());
        }

        return passages;
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
