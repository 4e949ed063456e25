using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Platform.Retrieval.Index;

internal sealed partial class TenantIndex
{
    private const int MaxQueryTerms = 256;

    // A hit needs only its id (the chunk itself is in memory): loading the whole stored document would read its text
    // and vector too.
    private static readonly HashSet<string> IdOnly = [IdField];

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

        return Run(boolean, filter, count, minScore);
    }

    /// <summary>
    /// BM25 over whole identifiers (as the analyzer spells them), in the code and, weighted up, in the enclosing symbol:
    /// a completion's lookup of the definitions its cursor window uses.
    /// </summary>
    public List<RankedChunk> LexicalIdentifiers(IReadOnlyList<string> identifiers, ChunkFilter filter, int count)
    {
        if (identifiers.Count == 0)
        {
            return [];
        }

        var boolean = new BooleanQuery(disableCoord: true);
        foreach (var identifier in identifiers.Take(MaxQueryTerms / 2))
        {
            boolean.Add(new TermQuery(new Term(TextField, identifier)), Occur.SHOULD);
            boolean.Add(new TermQuery(new Term(SymbolTextField, identifier)) { Boost = 3f }, Occur.SHOULD);
        }

        return Run(boolean, filter, count, minScore: 0);
    }

    private List<RankedChunk> Run(Query query, ChunkFilter filter, int count, double minScore)
    {
        var searcher = _searchers.Acquire();
        try
        {
            var top = searcher.Search(query, Restriction(filter), count);
            var ranked = new List<RankedChunk>(top.ScoreDocs.Length);
            foreach (var hit in top.ScoreDocs)
            {
                if (hit.Score < minScore)
                {
                    break;
                }

                var id = searcher.Doc(hit.Doc, IdOnly).Get(IdField);
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
