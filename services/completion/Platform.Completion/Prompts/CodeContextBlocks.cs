using System.Text;
using Platform.Contracts.Completions;

namespace Platform.Completion.Prompts;

/// <summary>
/// Renders cross-file context (declarations, snippets from recently changed or opened files, the clipboard) as
/// comment blocks to put before the prefix, the way the file itself could have contained them, within a budget.
/// </summary>
internal static class CodeContextBlocks
{
    /// <summary>The blocks, most useful first, cut to at most <paramref name="budget"/> characters.</summary>
    public static string Render(CompleteCode request, int budget)
    {
        var comment = CommentPrefix(request.Language, request.FilePath);
        var candidates = (request.Declarations ?? [])
            .Concat((request.RelevantSnippets ?? []).OrderByDescending(snippet => snippet.Score ?? 0))
            .Where(snippet => snippet.Body.Length > 0)
            .Select(snippet => Block(comment, $"Path: {snippet.FilePath}", snippet.Body))
            .ToList();
        if (request.Clipboard is { Length: > 0 } clipboard)
        {
            candidates.Add(Block(comment, "Clipboard:", clipboard));
        }

        var text = new StringBuilder();
        foreach (var block in candidates)
        {
            var room = budget - text.Length;
            if (block.Length <= room)
            {
                text.Append(block);
                continue;
            }

            // The first block that does not fit keeps its first whole lines; nothing after it is added.
            var cut = block.LastIndexOf('\n', Math.Max(0, room - 1));
            if (cut > 0)
            {
                text.Append(block, 0, cut + 1);
            }

            break;
        }

        return text.ToString();
    }

    private static string Block(string comment, string header, string body)
    {
        var block = new StringBuilder();
        block.Append(comment).Append(' ').Append(header).Append('\n');
        foreach (var line in body.TrimEnd('\n').Split('\n'))
        {
            block.Append(comment).Append(' ').Append(line.TrimEnd('\r')).Append('\n');
        }

        return block.ToString();
    }

    /// <summary>The line-comment marker of the language, from its name or the file's extension.</summary>
    public static string CommentPrefix(string? language, string? filePath)
    {
        var key = (language ?? Path.GetExtension(filePath ?? "").TrimStart('.')).ToLowerInvariant();
        return key switch
        {
            "python" or "py" or "ruby" or "rb" or "shellscript" or "shell" or "bash" or "sh" or "r" or "perl" or "pl"
                or "yaml" or "yml" or "toml" or "dockerfile" or "makefile" or "powershell" or "ps1" or "elixir" or "ex" => "#",
            "sql" or "lua" or "haskell" or "hs" => "--",
            "lisp" or "clojure" or "clj" or "scheme" => ";;",
            "erlang" or "erl" or "latex" or "tex" => "%",
            "vb" or "vba" => "'",
            _ => "//",
        };
    }
}
