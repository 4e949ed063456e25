using Platform.Retrieval.Chunking;
using Platform.Retrieval.Embeddings;

namespace Platform.Retrieval.Tests.Embeddings;

public sealed class ChunkEmbeddingTextTests
{
    [Fact]
    public void The_encoder_reads_the_symbol_and_path_as_words_then_the_chunks_first_lines()
    {
        var body = string.Join('\n', Enumerable.Range(0, 200).Select(line => $"    total += price_{line} * rate"));
        var chunk = new CodeChunk("billing/salesTax.py", "python", 10, 210, "TaxTable.compute_HTTPTotal",
            "def compute_HTTPTotal(self, order):\n\n" + body);

        var text = ChunkEmbeddingText.For(chunk);

        Assert.StartsWith("tax table compute http total. billing sales tax.\ndef compute_HTTPTotal(self, order):\ntotal += price_0 * rate\ntotal", text.Replace("\r", ""));
        Assert.InRange(text.Length, 100, ChunkEmbeddingText.LeadingCharacters + 100);
    }
}
