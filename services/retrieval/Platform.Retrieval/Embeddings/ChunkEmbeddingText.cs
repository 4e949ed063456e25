using System.Text;
using Platform.Retrieval.Chunking;
using Platform.Retrieval.Index;

namespace Platform.Retrieval.Embeddings;

/// <summary>
/// What the encoder sees of a chunk. A sentence encoder matches questions to names and signatures far better than to
/// code bodies, so it gets the enclosing symbol and the path as words (<c>HttpHeader.parse_value</c> → "http header
/// parse value"), then the chunk's first lines (its signature and first statements), within a character budget.
/// </summary>
internal static class ChunkEmbeddingText
{
    /// <summary>Characters of the chunk's leading lines; the encoder's word-piece cap usually ends it first.</summary>
    public const int LeadingCharacters = 400;

    public static string For(CodeChunk chunk)
    {
        var text = new StringBuilder(LeadingCharacters + 100);
        if (chunk.Symbol is not null)
        {
            AppendWords(text, chunk.Symbol);
            text.Append(". ");
        }

        AppendWords(text, Path.ChangeExtension(chunk.Path, null) ?? chunk.Path);
        text.Append('.');
        var budget = LeadingCharacters;
        foreach (var line in chunk.Text.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (trimmed.IsEmpty)
            {
                continue;
            }

            if (trimmed.Length > budget)
            {
                trimmed = trimmed[..budget];
            }

            text.Append('\n').Append(trimmed);
            budget -= trimmed.Length + 1;
            if (budget <= 0)
            {
                break;
            }
        }

        return text.ToString();
    }

    /// <summary>The words of every identifier in <paramref name="name"/>, space-separated.</summary>
    private static void AppendWords(StringBuilder text, string name)
    {
        var start = text.Length;
        var word = 0;
        for (var index = 0; index <= name.Length; index++)
        {
            if (index < name.Length && (char.IsLetterOrDigit(name[index]) || name[index] == '_'))
            {
                continue;
            }

            if (index > word)
            {
                foreach (var part in IdentifierParts.Split(name[word..index]))
                {
                    text.Append(text.Length > start ? " " : "").Append(part);
                }
            }

            word = index + 1;
        }
    }
}
