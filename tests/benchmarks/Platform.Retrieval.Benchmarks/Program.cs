using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Retrieval;
using Platform.Retrieval.Benchmarks;
using Platform.Retrieval.Extensions;
using Platform.Retrieval.Index;
using Platform.Retrieval.Indexing;
using Platform.Retrieval.Search;

// Retrieval quality and speed on code no one here wrote: this machine's Python standard library and Perl core modules,
// docstrings and POD removed from the indexed text and used as queries. Prints one JSON document.
// Usage: dotnet run -c Release --project tests/benchmarks/Platform.Retrieval.Benchmarks
//          [python-dir] [min-chunks] [queries] [index-dir (kept; files already in it cost only their hash)] [indexing budget, s] [perl-dir]
var pythonSource = args.Length > 0 ? args[0] : "/usr/lib/python3.11";
var minChunks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var queryCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 600;
var keep = args.Length > 3 && args[3] != "-";
var data = keep ? Directory.CreateDirectory(args[3]) : Directory.CreateTempSubdirectory("retrieval-benchmark-");
var budget = args.Length > 4 ? TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture)) : TimeSpan.MaxValue;
var perlSource = args.Length > 5 ? args[5] : "/usr/share/perl/5.36.0";

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Retrieval:DataDirectory"] = data.FullName });
builder.AddRetrieval();
using var host = builder.Build();
var indexes = host.Services.GetRequiredService<TenantIndexes>();
var indexer = host.Services.GetRequiredService<FileIndexer>();
var searcher = host.Services.GetRequiredService<CodeSearcher>();
var settings = host.Services.GetRequiredService<IOptions<RetrievalOptions>>().Value;
const string tenant = "benchmark", repository = "stdlib";

// Two corpora, indexed a batch of each in turn so that both are in whatever index the chunk target stops at.
var corpora = new[]
{
    new Corpus("python", pythonSource, "*.py", DocstringCorpus.Strip),
    new Corpus("perl", perlSource, "*.pm", PodCorpus.Strip),
};
var index = indexes.For(tenant);
var queries = new List<(string Language, DocQuery Query)>();
var texts = new Dictionary<string, string[]>();
int indexedFiles = 0, chunks = 0, reusedFiles = 0;
long bytes = 0;
var indexing = Stopwatch.StartNew();
var batches = corpora.Select(corpus => corpus.Files().Chunk(32).GetEnumerator()).ToArray();
var filesAtStart = index.Files(repository).Count; // a kept index: walk its files again, for their queries
for (var turn = 0; (index.ChunkCount < minChunks || texts.Count < filesAtStart) && indexing.Elapsed < budget; turn++)
{
    var which = turn % corpora.Length;
    if (!batches[which].MoveNext())
    {
        if (batches.All(batch => !batch.MoveNext()))
        {
            break;
        }

        continue;
    }

    var corpus = corpora[which];
    var sources = new List<SourceFile>();
    foreach (var file in batches[which].Current)
    {
        var relative = corpus.Language + "/" + Path.GetRelativePath(corpus.Root, file);
        var (text, found) = corpus.Strip(relative, File.ReadAllText(file));
        queries.AddRange(found.Select(query => (corpus.Language, query)));
        texts[relative] = text.Split('\n');
        sources.Add(new SourceFile(relative, Encoding.UTF8.GetBytes(text)));
    }

    var outcome = await indexer.IndexAsync(index, repository, sources, CancellationToken.None);
    index.Commit();
    indexedFiles += outcome.Indexed;
    reusedFiles += outcome.Unchanged;
    chunks += outcome.Chunks;
    bytes += outcome.Bytes;
    Console.Error.WriteLine($"{indexedFiles} files, {chunks} chunks, {indexing.Elapsed.TotalSeconds:F0} s; index {index.ChunkCount} chunks");
}

indexing.Stop();

// Queries: half of each language's (by file, so no file's queries are on both sides) tune the fusion, the other half
// is what every number below is measured on.
var random = new Random(20261130);
var sample = queries.Where(entry => texts.ContainsKey(entry.Query.Path)).DistinctBy(entry => entry.Query.Query)
    .GroupBy(entry => entry.Language)
    .SelectMany(group => group.OrderBy(_ => random.Next()).Take(queryCount / corpora.Length))
    .ToList();
var evaluation = new FusionEvaluation(searcher, tenant, settings.Search);
var tune = evaluation.Candidates(sample.Where(entry => FusionEvaluation.IsTuning(entry.Query.Path)).ToList());
var test = evaluation.Candidates(sample.Where(entry => !FusionEvaluation.IsTuning(entry.Query.Path)).ToList());
var (tuned, grid) = evaluation.Tune(tune);
var configured = FusionSettings.From(settings.Search);

var quality = new Dictionary<string, object>();
foreach (var language in new string?[] { null }.Concat(corpora.Select(corpus => (string?)corpus.Language)))
{
    var subset = test.Where(entry => language is null || entry.Language == language).ToList();
    quality[language ?? "all"] = new
    {
        queries = subset.Count,
        bm25 = evaluation.Score(subset, RankerChoice.Lexical, configured),
        embeddings = evaluation.Score(subset, RankerChoice.Semantic, configured),
        fusion = evaluation.Score(subset, RankerChoice.Fused, configured),
        fusion_tuned_on_other_half = evaluation.Score(subset, RankerChoice.Fused, tuned),
    };
}

// Latency of whole searches (each ranker alone and fused), on the test half.
var latencies = new Dictionary<string, object>();
foreach (var mode in new[] { SearchMode.Lexical, SearchMode.Semantic, SearchMode.Fused })
{
    searcher.Search(tenant, "warm up the caches", ChunkFilter.All, 10, mode);
    var times = new List<double>();
    foreach (var entry in test)
    {
        var started = Stopwatch.GetTimestamp();
        searcher.Search(tenant, entry.Query.Query, ChunkFilter.All, 10, mode);
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    latencies[mode.ToString().ToLowerInvariant()] = Latency.Of(times);
}

var encoderChunks = test.SelectMany(entry => entry.Lists.Lexical).Select(hit => hit.Chunk).DistinctBy(chunk => chunk.Id).Take(256).ToList();
var encoderComparison = EncoderComparison.Measure(host.Services.GetRequiredService<Platform.Retrieval.Embeddings.SentenceEncoder>(), settings, encoderChunks);
var completion = CompletionRun.Measure(searcher, tenant, sample.Select(entry => entry.Query).Take(300).ToList(), texts);

Console.WriteLine(JsonSerializer.Serialize(new
{
    corpus = new
    {
        sources = corpora.Select(corpus => corpus.Root),
        index_files = texts.Count,
        index_chunks = index.ChunkCount,
        chunks_by_language = index.Files(repository).GroupBy(file => file.Path[..file.Path.IndexOf('/', StringComparison.Ordinal)])
            .ToDictionary(group => group.Key, group => group.Sum(file => file.ChunkIds.Count)),
        queries_tuning = tune.Count,
        queries_test = test.Count,
    },
    machine = new { processors = Environment.ProcessorCount, load_average = Latency.LoadAverage() },
    embedding = new { max_tokens = settings.Embedding.MaxTokens, batch_size = settings.Embedding.BatchSize },
    indexing = new
    {
        files = indexedFiles,
        reused_files = reusedFiles,
        chunks,
        bytes,
        seconds = Math.Round(indexing.Elapsed.TotalSeconds, 1),
        files_per_second = Math.Round(indexedFiles / indexing.Elapsed.TotalSeconds, 2),
        chunks_per_second = Math.Round(chunks / indexing.Elapsed.TotalSeconds, 1),
        encoder = encoderComparison,
    },
    fusion = new { configured = configured.ToString(), tuned_on_tuning_half = tuned.ToString(), tuning_grid = grid },
    quality_on_test_half = quality,
    query_latency = latencies,
    completion_retrieval = completion,
}, new JsonSerializerOptions { WriteIndented = true }));

indexes.Dispose();
if (!keep)
{
    data.Delete(recursive: true);
}

/// <summary>One language's sources and how its documentation becomes queries.</summary>
internal sealed record Corpus(string Language, string Root, string Pattern, Func<string, string, (string Text, List<DocQuery> Queries)> Strip)
{
    public IEnumerable<string> Files() => Directory.Exists(Root)
        ? Directory.EnumerateFiles(Root, Pattern, SearchOption.AllDirectories)
            .Where(path => !path.Contains("/test/", StringComparison.Ordinal) && !path.Contains("/tests/", StringComparison.Ordinal)
                && !path.Contains("/idle_test/", StringComparison.Ordinal) && !path.Contains("site-packages", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
        : [];
}
