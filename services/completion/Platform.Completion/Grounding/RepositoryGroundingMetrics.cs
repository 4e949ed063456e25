using System.Diagnostics.Metrics;

namespace Platform.Completion.Grounding;

/// <summary>
/// How completions' repository retrieval went: <c>platform_completion_retrieval_total{result}</c> with result
/// <c>hit</c> (snippets added), <c>empty</c> (answered, nothing usable), <c>skipped</c> (over the time budget) or
/// <c>failed</c> (refused), and the time it took.
/// </summary>
internal sealed class RepositoryGroundingMetrics
{
    private readonly Counter<long> _searches;
    private readonly Counter<long> _snippets;
    private readonly Histogram<double> _duration;

    public RepositoryGroundingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Consumers.CompletionEventMetrics.MeterName);
        _searches = meter.CreateCounter<long>("platform.completion.retrieval", "{search}",
            "Repository searches for completions by result: hit, empty, skipped (over the time budget) or failed.");
        _snippets = meter.CreateCounter<long>("platform.completion.retrieval.snippets", "{snippet}",
            "Repository snippets offered to completion prompts.");
        _duration = meter.CreateHistogram<double>("platform.completion.retrieval.duration", "ms",
            "Time from asking retrieval to its answer, or to giving up on it.");
    }

    public void Answered(int snippets, double milliseconds)
    {
        Record(snippets > 0 ? "hit" : "empty", milliseconds);
        _snippets.Add(snippets);
    }

    public void Skipped(double milliseconds) => Record("skipped", milliseconds);

    public void Failed(double milliseconds) => Record("failed", milliseconds);

    private void Record(string result, double milliseconds)
    {
        var tag = new KeyValuePair<string, object?>("result", result);
        _searches.Add(1, tag);
        _duration.Record(milliseconds, tag);
    }
}
