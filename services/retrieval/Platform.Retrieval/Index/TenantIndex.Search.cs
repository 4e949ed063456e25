using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Platform.Retrieval.Index;

internal sealed partial class TenantIndex
{
    private const int MaxQueryTerms = 256;

    /// <summary>BM25 over the chunk text, the enclosing symbol (weighted up) and the path.</summary>
    public List<RankedChunk> Lexical(string query, ChunkFilter filter, int count, double minScore)
    {
        var terms = QueryTerms(query);
        if (terms.Count == 0)
        {
            return [];
        }

        var boolean = new BooleanQuery(disableCoord: true);
        foreach (var term in terms)
        {
            boolean.Add(new TermQuery(new Term(TextField, term)), Occur.SHOULD);
            boolean.Add(new TermQuery(new Term(SymbolTextField, term)) { Boost = 2f }, Occur.SHOULD);
            boolean.Add(new TermQuery(new Term(PathTextField, term)) { Boost = 0.5f }, Occur.SHOULD);
        }

        var searcher = _searchers.Acquire();
        try
        {
            searcher.Similarity = new BM25Similarity();
            var top = searcher.Search(boolean, Restriction(filter), count);
            var ranked = new List<RankedChunk>(top.ScoreDocs.Length);
            foreach (var hit in top.ScoreDocs)
            {
                if (hit.Score < minScore)
                {
                    break;
                }

                var id = searcher.Doc(hit.Doc).Get(IdField);
                if (Chunk(id) is { } chunk)
                {
                    ranked.Add(new RankedChunk(chunk, hit.Score));
                }
            }

            return ranked;
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>Exact nearest neighbours by cosine similarity (vectors are normalised).</summary>
    public List<RankedChunk> Semantic(float[] query, ChunkFilter filter, int count, double minScore)
    {
        VectorMatrix matrix;
        lock (_gate)
        {
            matrix = _matrix ??= new VectorMatrix(_chunks.Values, _dimensions);
        }

        return matrix.Nearest(query, filter, count, minScore);
    }

    private List<string> QueryTerms(string query)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var stream = _analyzer.GetTokenStream(TextField, query);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && terms.Count < MaxQueryTerms)
        {
            var text = term.ToString();
            if (!QueryStopWords.Contains(text) && seen.Add(text))
            {
                terms.Add(text);
            }
        }

        stream.End();
        return terms;
    }

    private static QueryWrapperFilter? Restriction(ChunkFilter filter)
    {
        if (filter.Repositories is null && filter.Language is null)
        {
            return null;
        }

        var restriction = new BooleanQuery();
        if (filter.Repositories is not null)
        {
            var repositories = new BooleanQuery();
            foreach (var repository in filter.Repositories)
            {
                repositories.Add(new TermQuery(new Term(RepositoryField, repository)), Occur.SHOULD);
            }

            restriction.Add(repositories, Occur.MUST);
        }

        if (filter.Language is not null)
        {
            restriction.Add(new TermQuery(new Term(LanguageField, filter.Language)), Occur.MUST);
        }

        return new QueryWrapperFilter(restriction);
    }
}
