using Microsoft.Extensions.Options;

using Platform.Languages;

namespace Platform.Retrieval.Chunking;

/// <summary>
/// Cuts a file into chunks that follow its definitions: a definition that fits the size budget is one chunk; a larger
/// one yields its nested definitions as their own chunks and the rest of its lines split at blank lines. Code
/// outside any definition (imports, top-level statements) is split the same way. Without definitions the file is
/// cut into line windows, preferring blank lines as the cut.
/// </summary>
internal sealed class DefinitionChunker(IOptions<RetrievalOptions> options)
{
    public IReadOnlyList<CodeChunk> Chunk(string path, string language, string text, IReadOnlyList<Definition> definitions,
        BlockStyle blocks = BlockStyle.None)
    {
        var lines = SplitLines(text);
        var chunks = new List<CodeChunk>();
        var roots = Nest(definitions.Where(definition => definition.StartLine >= 1 && definition.StartLine <= lines.Length)
            .Select(definition => definition with
            {
                EndLine = Math.Min(definition.EndLine == 0 ? DefinitionEnds.Find(lines, definition.StartLine, blocks) : definition.EndLine, lines.Length),
            }));
        var context = new FileContext(path, language, lines, chunks, options.Value.MaxChunkCharacters, options.Value.WindowLines);
        context.Region(1, lines.Length, roots, symbol: null);
        return chunks;
    }

    public static string[] SplitLines(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        return lines.Length > 1 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    /// <summary>Definitions as a forest by containment, each level in line order.</summary>
    private static List<Node> Nest(IEnumerable<Definition> definitions)
    {
        var roots = new List<Node>();
        var open = new Stack<Node>();
        foreach (var definition in definitions.OrderBy(d => d.StartLine).ThenByDescending(d => d.EndLine))
        {
            while (open.Count > 0 && open.Peek().Definition.EndLine < definition.StartLine)
            {
                open.Pop();
            }

            var node = new Node(definition, []);
            if (open.Count > 0)
            {
                // A definition that starts inside another but runs past it (bad end line) is cut at its parent's end.
                var parent = open.Peek();
                if (definition.EndLine > parent.Definition.EndLine)
                {
                    node = node with { Definition = definition with { EndLine = parent.Definition.EndLine } };
                }

                parent.Children.Add(node);
            }
            else
            {
                roots.Add(node);
            }

            open.Push(node);
        }

        return roots;
    }

    private sealed record Node(Definition Definition, List<Node> Children);

    private sealed record FileContext(string Path, string Language, string[] Lines, List<CodeChunk> Chunks, int Budget, int WindowLines)
    {
        /// <summary>Lines <paramref name="first"/>..<paramref name="last"/> holding the given definitions.</summary>
        public void Region(int first, int last, List<Node> definitions, string? symbol)
        {
            var cursor = first;
            foreach (var node in definitions)
            {
                var definition = node.Definition;
                if (definition.StartLine < cursor)
                {
                    continue; // overlaps one already emitted (two tags for one span)
                }

                Loose(cursor, definition.StartLine - 1, symbol);
                Definition(node, symbol);
                cursor = definition.EndLine + 1;
            }

            Loose(cursor, last, symbol);
        }

        private void Definition(Node node, string? outer)
        {
            var definition = node.Definition;
            var symbol = outer is null ? definition.Name : $"{outer}.{definition.Name}";
            if (Size(definition.StartLine, definition.EndLine) <= Budget)
            {
                Emit(definition.StartLine, definition.EndLine, symbol);
                return;
            }

            Region(definition.StartLine, definition.EndLine, node.Children, symbol);
        }

        /// <summary>Lines outside any nested definition: split at blank lines within the budget and the window.</summary>
        private void Loose(int first, int last, string? symbol)
        {
            var start = first;
            while (start <= last)
            {
                var end = start;
                var size = Lines[start - 1].Length + 1;
                var lastBlank = -1;
                while (end < last && end - start + 1 < WindowLines && size + Lines[end].Length + 1 <= Budget)
                {
                    end++;
                    size += Lines[end - 1].Length + 1;
                    if (string.IsNullOrWhiteSpace(Lines[end - 1]))
                    {
                        lastBlank = end;
                    }
                }

                // Cut at the last blank line when the piece had to stop before the region's end.
                if (end < last && lastBlank > start + (end - start) / 2)
                {
                    end = lastBlank;
                }

                Emit(start, end, symbol);
                start = end + 1;
            }
        }

        private void Emit(int first, int last, string? symbol)
        {
            while (first <= last && string.IsNullOrWhiteSpace(Lines[first - 1]))
            {
                first++;
            }

            while (last >= first && string.IsNullOrWhiteSpace(Lines[last - 1]))
            {
                last--;
            }

            if (first > last)
            {
                return;
            }

            var text = string.Join('\n', Lines, first - 1, last - first + 1);
            if (text.Length > Budget * 2)
            {
                text = text[..(Budget * 2)]; // one enormous line (minified code that slipped through)
            }

            Chunks.Add(new CodeChunk(Path, Language, first, last, symbol, text));
        }

        private int Size(int first, int last)
        {
            var size = 0;
            for (var line = first; line <= last && size <= Budget; line++)
            {
                size += Lines[line - 1].Length + 1;
            }

            return size;
        }
    }
}
