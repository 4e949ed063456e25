using System.ComponentModel.DataAnnotations;

namespace Platform.Retrieval;

/// <summary>Settings under <c>Retrieval</c>.</summary>
public sealed class RetrievalOptions
{
    public const string Section = "Retrieval";

    /// <summary>Where tenants' indexes, git mirrors and journals live; default <c>&lt;platform data dir&gt;/retrieval</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>A definition longer than this is split at blank lines; the size budget of every chunk.</summary>
    [Range(200, 100_000)]
    public int MaxChunkCharacters { get; set; } = 1500;

    /// <summary>Lines per chunk where no definitions are known (languages ctags does not parse, top-level code).</summary>
    [Range(5, 1000)]
    public int WindowLines { get; set; } = 40;

    /// <summary>Files larger than this are skipped (minified bundles, data dumps).</summary>
    [Range(1024, 1L << 30)]
    public long MaxFileBytes { get; set; } = 512 * 1024;

    /// <summary>Directory names whose contents are vendored, generated or build output and never indexed.</summary>
    public List<string> SkipDirectories { get; set; } =
        ["node_modules", "vendor", "third_party", "third-party", ".git", "dist", "build", "target", "bin", "obj",
         "__pycache__", ".venv", "venv", ".idea", ".vs", ".gradle", "Pods", "bower_components"];

    /// <summary>File-name globs (<c>*</c> only) of generated or lock files that are never indexed.</summary>
    public List<string> SkipFilePatterns { get; set; } =
        ["*.min.js", "*.min.css", "*.map", "*.lock", "package-lock.json", "*.pb.go", "*_pb2.py", "*.designer.cs",
         "*.g.cs", "*.generated.*", "*.Designer.cs", "*.pyc", "*.svg"];

    /// <summary>The Universal Ctags executable; when it is missing every file gets line-window chunks.</summary>
    public string CtagsPath { get; set; } = "ctags";

    /// <summary><c>file://</c> remotes: for tests and local development only (they read the server's own disk).</summary>
    public bool AllowFileRemotes { get; set; }

    /// <summary>How many retrieval replicas share the tenants (each owns the tenants that hash to its shard).</summary>
    [Range(1, 1024)]
    public int Shards { get; set; } = 1;

    /// <summary>The shard this replica owns, 0 to <see cref="Shards"/> − 1.</summary>
    [Range(0, 1023)]
    public int Shard { get; set; }

    public EmbeddingOptions Embedding { get; set; } = new();

    public SearchOptions Search { get; set; } = new();

    public WebOptions Web { get; set; } = new();

    public bool IsValid() => Shard < Shards && Web.AllowedNetworks.All(network => System.Net.IPNetwork.TryParse(network, out _))
        && Web.Provider is null or "" or "searx" or "brave" && (Web.Provider is not "searx" || Uri.IsWellFormedUriString(Web.Endpoint, UriKind.Absolute));
}

public sealed class EmbeddingOptions
{
    /// <summary>A BERT-style ONNX encoder folder (<c>model.onnx</c>, <c>vocab.txt</c>); empty → the packaged all-MiniLM-L6-v2.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Word pieces per chunk that the encoder sees (the signature and the start of the body).</summary>
    [Range(16, 512)]
    public int MaxTokens { get; set; } = 64;

    /// <summary>Texts per encoder run; each batch is padded only to its longest text.</summary>
    [Range(1, 512)]
    public int BatchSize { get; set; } = 32;

    /// <summary>ONNX Runtime intra-op threads; 0 → the number of processors.</summary>
    [Range(0, 256)]
    public int Threads { get; set; }

    /// <summary>Lower-cases text before word pieces (true for uncased models such as MiniLM).</summary>
    public bool LowerCase { get; set; } = true;
}

public sealed class SearchOptions
{
    /// <summary>How BM25's and the embeddings' candidates are combined.</summary>
    public Search.FusionMethod Fusion { get; set; } = Search.FusionMethod.NormalisedScore;

    /// <summary>The k of reciprocal-rank fusion: score = Σ weight / (k + rank).</summary>
    [Range(1, 10_000)]
    public int RrfK { get; set; } = 60;

    /// <summary>BM25's share of the fused score; the embeddings get the rest.</summary>
    [Range(0, 1)]
    public double LexicalWeight { get; set; } = 0.5;

    /// <summary>Identifiers of the code before the cursor that a completion's search uses, nearest first.</summary>
    [Range(1, 256)]
    public int CompletionTerms { get; set; } = 24;

    /// <summary>Hits from one file in one answer, at most.</summary>
    [Range(1, 100)]
    public int MaxHitsPerFile { get; set; } = 2;

    /// <summary>Candidates each ranker contributes to the fusion.</summary>
    [Range(10, 10_000)]
    public int CandidatesPerRanker { get; set; } = 100;

    /// <summary>BM25 hits scoring below this are dropped before fusion.</summary>
    [Range(0, 1000)]
    public double MinLexicalScore { get; set; }

    /// <summary>Embedding hits with a cosine similarity below this are dropped before fusion.</summary>
    [Range(-1, 1)]
    public double MinSemanticScore { get; set; } = 0.15;
}

public sealed class WebOptions
{
    /// <summary><c>searx</c> (SearXNG or searx's JSON API at <see cref="Endpoint"/>), <c>brave</c>, or empty for none.</summary>
    public string? Provider { get; set; }

    /// <summary>The provider's base URL (searx: the instance; brave: defaults to its public API).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The hosted provider's API key (from the secret store in production).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Search results whose pages are fetched and ranked.</summary>
    [Range(1, 20)]
    public int PagesToFetch { get; set; } = 4;

    [Range(1024, 64 * 1024 * 1024)]
    public int MaxPageBytes { get; set; } = 2 * 1024 * 1024;

    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(8);

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>CIDR networks the fetcher may reach although they are private (tests: 127.0.0.1/32; an intranet).</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>How long a query's answer is cached.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(10);
}
