using System.Runtime.InteropServices;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Platform.Retrieval.Index;

/// <summary>
/// One tenant's code index: a Lucene index on disk (BM25 over code-aware tokens) that also stores every chunk's
/// embedding and every file's content hash, so a Lucene commit is the one atomic unit of change — chunks, hashes and
/// each repository's indexed commit land together or not at all. On open the chunks are loaded into memory for the
/// exact vector search.
/// </summary>
internal sealed partial class TenantIndex : IDisposable
{
    private const string KindField = "kind", IdField = "id", RepositoryField = "repo", PathField = "path", FileKeyField = "filekey";
    private const string LanguageField = "lang", StartField = "start", EndField = "end", SymbolField = "symbol";
    private const string SymbolTextField = "symtext", TextField = "text", PathTextField = "pathtext", VectorField = "vec";
    private const string HashField = "hash", BytesField = "bytes", ChunksField = "chunks";

    private static readonly HashSet<string> QueryStopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "into", "is", "it", "its", "of", "on",
        "or", "that", "the", "this", "to", "was", "will", "with", "which", "when", "return", "returns",
    };

    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly CodeAnalyzer _analyzer = new();
    private readonly System.Threading.Lock _gate = new();
    private readonly Dictionary<string, IndexedChunk> _chunks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexedFile> _files = new(StringComparer.Ordinal);
    private readonly int _dimensions;
    private VectorMatrix? _matrix;

    public TenantIndex(string folder, int dimensions)
    {
        System.IO.Directory.CreateDirectory(folder);
        Folder = folder;
        _dimensions = dimensions;
        _directory = FSDirectory.Open(folder);
        var config = new IndexWriterConfig(CodeAnalyzer.Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 32,
        };
        _writer = new IndexWriter(_directory, config);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new Bm25SearcherFactory());
        Load();
    }

    public string Folder { get; }

    public int ChunkCount { get { lock (_gate) { return _chunks.Count; } } }

    /// <summary>The value stored with the last commit under <paramref name="key"/> (a repository's indexed commit).</summary>
    public string? CommittedValue(string key) =>
        _writer.CommitData is { } data && data.TryGetValue(key, out var value) ? value : null;

    public IndexedFile? File(string repositoryId, string path)
    {
        lock (_gate)
        {
            return _files.GetValueOrDefault(FileKey(repositoryId, path));
        }
    }

    public List<IndexedFile> Files(string repositoryId)
    {
        lock (_gate)
        {
            return [.. _files.Values.Where(file => file.RepositoryId == repositoryId)];
        }
    }

    public IndexedChunk? Chunk(string id)
    {
        lock (_gate)
        {
            return _chunks.GetValueOrDefault(id);
        }
    }

    /// <summary>Replaces a file's chunks (visible to searches after <see cref="Commit"/>).</summary>
    public void ReplaceFile(string repositoryId, string path, string hash, long bytes, IReadOnlyList<IndexedChunk> chunks)
    {
        var key = FileKey(repositoryId, path);
        var documents = new List<Document>(chunks.Count + 1);
        foreach (var chunk in chunks)
        {
            documents.Add(ChunkDocument(chunk, key));
        }

        documents.Add(new Document
        {
            new StringField(KindField, "file", Field.Store.YES),
            new StringField(FileKeyField, key, Field.Store.YES),
            new StringField(RepositoryField, repositoryId, Field.Store.YES),
            new StoredField(PathField, path),
            new StoredField(HashField, hash),
            new StoredField(BytesField, bytes),
        });
        _writer.UpdateDocuments(new Term(FileKeyField, key), documents);
        lock (_gate)
        {
            RemoveFileLocked(key);
            foreach (var chunk in chunks)
            {
                _chunks[chunk.Id] = chunk;
            }

            _files[key] = new IndexedFile(repositoryId, path, hash, bytes, [.. chunks.Select(chunk => chunk.Id)]);
            _matrix = null;
        }
    }

    public void DeleteFile(string repositoryId, string path)
    {
        var key = FileKey(repositoryId, path);
        _writer.DeleteDocuments(new Term(FileKeyField, key));
        lock (_gate)
        {
            RemoveFileLocked(key);
            _matrix = null;
        }
    }

    public void DeleteRepository(string repositoryId)
    {
        _writer.DeleteDocuments(new Term(RepositoryField, repositoryId));
        lock (_gate)
        {
            foreach (var key in _files.Where(file => file.Value.RepositoryId == repositoryId).Select(file => file.Key).ToList())
            {
                RemoveFileLocked(key);
            }

            _matrix = null;
        }
    }

    /// <summary>Makes every change durable and visible, with <paramref name="values"/> merged into the commit's data.</summary>
    public void Commit(IReadOnlyDictionary<string, string?>? values = null)
    {
        var data = new Dictionary<string, string>(_writer.CommitData ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in values ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                data.Remove(key);
            }
            else
            {
                data[key] = value;
            }
        }

        _writer.SetCommitData(data);
        _writer.Commit();
        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Bytes the index takes on disk.</summary>
    public long SizeOnDisk() =>
        new DirectoryInfo(Folder).EnumerateFiles().Sum(file => { try { return file.Length; } catch (IOException) { return 0L; } });

    private static string FileKey(string repositoryId, string path) => repositoryId + "\n" + path;

    private void RemoveFileLocked(string key)
    {
        if (_files.Remove(key, out var old))
        {
            foreach (var id in old.ChunkIds)
            {
                _chunks.Remove(id);
            }
        }
    }

    private static Document ChunkDocument(IndexedChunk chunk, string fileKey)
    {
        var vector = new byte[chunk.Vector.Length * sizeof(float)];
        MemoryMarshal.AsBytes(chunk.Vector.AsSpan()).CopyTo(vector);
        var document = new Document
        {
            new StringField(KindField, "chunk", Field.Store.YES),
            new StringField(IdField, chunk.Id, Field.Store.YES),
            new StringField(FileKeyField, fileKey, Field.Store.NO),
            new StringField(RepositoryField, chunk.RepositoryId, Field.Store.YES),
            new StoredField(PathField, chunk.Path),
            new StringField(LanguageField, chunk.Language, Field.Store.YES),
            new StoredField(StartField, chunk.StartLine),
            new StoredField(EndField, chunk.EndLine),
            new TextField(TextField, chunk.Text, Field.Store.YES),
            new TextField(PathTextField, chunk.Path, Field.Store.NO),
            new StoredField(VectorField, vector),
        };
        if (chunk.Symbol is not null)
        {
            document.Add(new StoredField(SymbolField, chunk.Symbol));
            document.Add(new TextField(SymbolTextField, chunk.Symbol, Field.Store.NO));
        }

        return document;
    }

    /// <summary>Reads every committed chunk and file into memory.</summary>
    private void Load()
    {
        var searcher = _searchers.Acquire();
        try
        {
            var reader = searcher.IndexReader;
            var liveDocs = MultiFields.GetLiveDocs(reader);
            var fileChunks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (liveDocs is not null && !liveDocs.Get(doc))
                {
                    continue;
                }

                var document = reader.Document(doc);
                if (document.Get(KindField) == "file")
                {
                    _files[document.Get(FileKeyField)] = new IndexedFile(document.Get(RepositoryField), document.Get(PathField),
                        document.Get(HashField), document.GetField(BytesField).GetInt64Value() ?? 0, []);
                    continue;
                }

                var bytes = document.GetBinaryValue(VectorField);
                var vector = MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length)).ToArray();
                var chunk = new IndexedChunk(document.Get(IdField), document.Get(RepositoryField), document.Get(PathField),
                    document.Get(LanguageField), document.GetField(StartField).GetInt32Value() ?? 0,
                    document.GetField(EndField).GetInt32Value() ?? 0, document.Get(SymbolField), document.Get(TextField), vector);
                _chunks[chunk.Id] = chunk;
                var key = FileKey(chunk.RepositoryId, chunk.Path);
                if (!fileChunks.TryGetValue(key, out var ids))
                {
                    fileChunks[key] = ids = [];
                }

                ids.Add(chunk.Id);
            }

            foreach (var (key, file) in _files.ToList())
            {
                _files[key] = file with { ChunkIds = fileChunks.GetValueOrDefault(key) ?? [] };
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>Searchers that score with BM25, set once when opened rather than on every query.</summary>
    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}
