using System.Text;
using Platform.Completion.PostProcessing;
using Platform.Contracts.Completions;

namespace Platform.Completion.Prompts;

/// <summary>
/// Renders cross-file context (declarations, snippets from recently changed or opened files, the clipboard) as
/// comment blocks to put before the prefix, the way the file itself could have contained them, within a budget.
/// </summary>
internal static class CodeContextBlocks
{
    /// <summary>The blocks, most useful first, cut to at most <paramref name="budget"/> characters.</summary>
    /// <param name="repositorySnippets">Hits from the tenant's indexed repository: they come after everything the plugin sent.</param>
    public static string Render(CompleteCode request, int budget, IReadOnlyList<CodeSnippet>? repositorySnippets = null)
    {
        var rules = CompletionLanguageRules.For(request.Language, request.FilePath);
        var candidates = (request.Declarations ?? [])
            .Concat((request.RelevantSnippets ?? []).OrderByDescending(snippet => snippet.Score ?? 0))
            .Where(snippet => snippet.Body.Length > 0)
            .Select(snippet => Block(rules, $"Path: {snippet.FilePath}", snippet.Body))
            .ToList();
        if (request.Clipboard is { Length: > 0 } clipboard)
        {
            candidates.Add(Block(rules, "Clipboard:", clipboard));
        }

        candidates.AddRange((repositorySnippets ?? []).Where(snippet => snippet.Body.Length > 0)
            .Select(snippet => Block(rules, $"Path: {snippet.FilePath}", snippet.Body)));

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

    private static string Block(CompletionLanguageRules rules, string header, string body)
    {
        var block = new StringBuilder();
        block.Append(rules.Comment(header)).Append('\n');
        foreach (var line in body.TrimEnd('\n').Split('\n'))
        {
            block.Append(rules.Comment(line.TrimEnd('\r'))).Append('\n');
        }

        return block.ToString();
    }
}
