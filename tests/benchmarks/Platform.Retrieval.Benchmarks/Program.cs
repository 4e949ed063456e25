using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Retrieval.Benchmarks;
using Platform.Retrieval.Extensions;
using Platform.Retrieval.Index;
using Platform.Retrieval.Indexing;
using Platform.Retrieval.Search;

// Retrieval quality and speed on code no one here wrote: the Python standard library of this machine, docstrings
// removed from the indexed text and used as queries. Prints one JSON document.
// Usage: dotnet run -c Release --project tests/benchmarks/Platform.Retrieval.Benchmarks
//          [source-dir] [min-chunks] [queries] [index-dir (kept; files already in it cost only their hash)] [indexing budget, s]
var source = args.Length > 0 ? args[0] : "/usr/lib/python3.11";
var minChunks = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var queryCount = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 400;
var keep = args.Length > 3;
var data = keep ? Directory.CreateDirectory(args[3]) : Directory.CreateTempSubdirectory("retrieval-benchmark-");
var budget = TimeSpan.FromSeconds(args.Length > 4 ? double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : double.MaxValue / 2);

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Retrieval:DataDirectory"] = data.FullName,
    ["Retrieval:Embedding:MaxTokens"] = "128",
});
builder.AddRetrieval();
using var host = builder.Build();
var indexes = host.Services.GetRequiredService<TenantIndexes>();
var indexer = host.Services.GetRequiredService<FileIndexer>();
var searcher = host.Services.GetRequiredService<CodeSearcher>();
const string tenant = "benchmark", repository = "cpython-stdlib";

var files = Directory.EnumerateFiles(source, "*.py", SearchOption.AllDirectories)
    .Where(path => !path.Contains("/test/", StringComparison.Ordinal) && !path.Contains("/tests/", StringComparison.Ordinal)
        && !path.Contains("/idle_test/", StringComparison.Ordinal) && !path.Contains("site-packages", StringComparison.Ordinal))
    .Order(StringComparer.Ordinal).ToList();
var index = indexes.For(tenant);
var queries = new List<DocQuery>();
var texts = new Dictionary<string, string[]>();
int indexedFiles = 0, chunks = 0, reusedFiles = 0;
long bytes = 0;
var indexing = Stopwatch.StartNew();
foreach (var batch in files.Chunk(64))
{
    var sources = new List<SourceFile>();
    foreach (var file in batch)
    {
        var relative = Path.GetRelativePath(source, file);
        var (text, found) = DocstringCorpus.Strip(relative, File.ReadAllText(file));
        queries.AddRange(found);
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
    if (index.ChunkCount >= minChunks || indexing.Elapsed > budget)
    {
        break;
    }
}

indexing.Stop();
var indexedPaths = texts.Keys.ToHashSet();
var random = new Random(20261130);
var sample = queries.Where(query => indexedPaths.Contains(query.Path)).DistinctBy(query => query.Query)
    .OrderBy(_ => random.Next()).Take(queryCount).ToList();

var quality = new Dictionary<string, object>();
var latencies = new Dictionary<string, object>();
foreach (var mode in new[] { SearchMode.Lexical, SearchMode.Semantic, SearchMode.Fused })
{
    searcher.Search(tenant, "warm up the caches", ChunkFilter.All, 10, mode);
    double found = 0, reciprocal = 0;
    var times = new List<double>();
    foreach (var query in sample)
    {
        var started = Stopwatch.GetTimestamp();
        var hits = searcher.Search(tenant, query.Query, ChunkFilter.All, 10, mode);
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var rank = hits.FindIndex(hit => hit.Chunk.Path == query.Path && hit.Chunk.StartLine <= query.DefinitionLine && query.DefinitionLine <= hit.Chunk.EndLine);
        if (rank >= 0)
        {
            found++;
            reciprocal += 1.0 / (rank + 1);
        }
    }

    quality[mode.ToString().ToLowerInvariant()] = new { recall_at_10 = Math.Round(found / sample.Count, 4), mrr_at_10 = Math.Round(reciprocal / sample.Count, 4) };
    latencies[mode.ToString().ToLowerInvariant()] = new { p50_ms = Percentile(times, 0.5), p95_ms = Percentile(times, 0.95) };
}

// Completion retrieval: the 15 lines above a definition's body, as an editor's prefix would be, fused, top 5.
var completion = new List<double>();
foreach (var query in sample.Take(200))
{
    var lines = texts[query.Path];
    var start = Math.Max(0, query.DefinitionLine - 15);
    var prefix = string.Join('\n', lines[start..Math.Min(lines.Length, query.DefinitionLine)]);
    var started = Stopwatch.GetTimestamp();
    searcher.Search(tenant, prefix, ChunkFilter.All, 5);
    completion.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    corpus = new { source, language = "python", index_files = texts.Count, index_chunks = index.ChunkCount, queries = sample.Count },
    machine = new { processors = Environment.ProcessorCount, embedding_max_tokens = 128 },
    indexing = new
    {
        files = indexedFiles,
        reused_files = reusedFiles,
        chunks,
        bytes,
        seconds = Math.Round(indexing.Elapsed.TotalSeconds, 1),
        files_per_second = Math.Round(indexedFiles / indexing.Elapsed.TotalSeconds, 1),
        chunks_per_second = Math.Round(chunks / indexing.Elapsed.TotalSeconds, 1),
    },
    quality,
    query_latency = latencies,
    completion_retrieval = new { p50_ms = Percentile(completion, 0.5), p95_ms = Percentile(completion, 0.95) },
}, new JsonSerializerOptions { WriteIndented = true }));

indexes.Dispose();
if (!keep)
{
    data.Delete(recursive: true);
}

static double Percentile(List<double> values, double fraction)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)(fraction * sorted.Count))], 2);
}
