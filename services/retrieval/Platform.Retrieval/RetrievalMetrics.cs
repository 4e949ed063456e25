using System.Diagnostics.Metrics;

namespace Platform.Retrieval;

/// <summary>Indexing throughput, index size and query latency by stage (lexical, embedding, vector, fusion).</summary>
internal sealed class RetrievalMetrics : IDisposable
{
    public const string MeterName = "Platform.Retrieval";

    private readonly Meter _meter;
    private readonly Counter<long> _files;
    private readonly Counter<long> _chunks;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _embedding;
    private readonly Histogram<double> _stage;
    private Func<long>? _indexBytes;

    public RetrievalMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _files = _meter.CreateCounter<long>("platform.retrieval.indexed_files", "{file}", "Files (re)indexed.");
        _chunks = _meter.CreateCounter<long>("platform.retrieval.indexed_chunks", "{chunk}", "Chunks written to indexes.");
        _bytes = _meter.CreateCounter<long>("platform.retrieval.indexed_bytes", "By", "Source bytes indexed.");
        _embedding = _meter.CreateHistogram<double>("platform.retrieval.embedding.duration", "s", "Time to embed one indexing batch.");
        _stage = _meter.CreateHistogram<double>("platform.retrieval.query.duration", "s",
            "Query latency by stage: lexical, embed, vector, fusion, total.");
        _meter.CreateObservableGauge("platform.retrieval.index.size", () => _indexBytes?.Invoke() ?? 0, "By",
            "Bytes on disk of the indexes this replica has open.");
    }

    public void ObserveIndexSize(Func<long> bytes) => _indexBytes = bytes;

    public void Indexed(int files, int chunks, long bytes)
    {
        _files.Add(files);
        _chunks.Add(chunks);
        _bytes.Add(bytes);
    }

    public void EmbeddingTime(TimeSpan elapsed, int chunks)
    {
        if (chunks > 0)
        {
            _embedding.Record(elapsed.TotalSeconds);
        }
    }

    public void Stage(string stage, TimeSpan elapsed) =>
        _stage.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", stage));

    public void Dispose() => _meter.Dispose();
}
