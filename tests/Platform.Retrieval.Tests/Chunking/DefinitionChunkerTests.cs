using Microsoft.Extensions.Options;
using Platform.Retrieval.Chunking;

namespace Platform.Retrieval.Tests.Chunking;

public sealed class DefinitionChunkerTests
{
    private static readonly DefinitionChunker Chunker = new(Options.Create(new RetrievalOptions { MaxChunkCharacters = 300, WindowLines = 10 }));

    [Fact]
    public void A_definition_within_the_budget_is_one_chunk_with_its_symbol()
    {
        var text = "import os\n\ndef small(a):\n    return a + 1\n\nx = small(2)\n";
        var chunks = Chunker.Chunk("m.py", "python", text, [new Definition("small", "function", 3, 4, null)]);

        Assert.Equal(
            [(1, 1, (string?)null), (3, 4, "small"), (6, 6, null)],
            chunks.Select(chunk => (chunk.StartLine, chunk.EndLine, chunk.Symbol)).ToList());
        Assert.Equal("def small(a):\n    return a + 1", chunks[1].Text);
    }

    [Fact]
    public void A_definition_over_the_budget_yields_its_methods_whole_and_splits_the_rest_at_blank_lines()
    {
        var body = string.Join("\n", Enumerable.Range(0, 12).Select(i => $"    field_{i} = {i}  # a constant with a long comment"));
        var text = $"class Big:\n{body}\n\n    def method(self):\n        return 1\n";
        var methodStart = 15;
        var chunks = Chunker.Chunk("m.py", "python", text,
            [new Definition("Big", "class", 1, 16, null), new Definition("method", "member", methodStart, 16, "Big")]);

        Assert.All(chunks, chunk => Assert.True(chunk.Text.Length <= 300));
        Assert.Contains(chunks, chunk => chunk.Symbol == "Big.method" && chunk.StartLine == methodStart && chunk.EndLine == 16);
        Assert.All(chunks.Where(chunk => chunk.Symbol == "Big"), chunk => Assert.True(chunk.EndLine < methodStart));
        Assert.Equal(Enumerable.Range(1, 13), chunks.Where(c => c.Symbol == "Big").SelectMany(c => Enumerable.Range(c.StartLine, c.EndLine - c.StartLine + 1)));
    }

    [Fact]
    public void Without_definitions_a_file_is_cut_into_line_windows()
    {
        var text = string.Join("\n", Enumerable.Range(1, 25).Select(i => $"line {i}"));
        var chunks = Chunker.Chunk("notes.txt", "plaintext", text, []);

        Assert.Equal([(1, 10), (11, 20), (21, 25)], chunks.Select(chunk => (chunk.StartLine, chunk.EndLine)).ToList());
    }
}

public sealed class DefinitionEndsTests
{
    [Fact]
    public void A_definition_without_an_end_line_ends_at_its_matching_brace()
    {
        var lines = DefinitionChunker.SplitLines("export function total(xs: number[]): number {\n  const s = \"}\"; // }\n  return xs.reduce((a, b) => { return a + b; }, 0);\n}\nconst after = 1;\n");

        Assert.Equal(4, DefinitionEnds.Find(lines, 1, Platform.Languages.BlockStyle.Braces));
    }

    [Fact]
    public void An_indented_definition_without_an_end_line_ends_where_the_indentation_falls_back()
    {
        var lines = DefinitionChunker.SplitLines("def f(x):\n    y = x\n\n    return y\n\ndef g():\n    pass\n");

        Assert.Equal(4, DefinitionEnds.Find(lines, 1, Platform.Languages.BlockStyle.Indentation));
    }
}
