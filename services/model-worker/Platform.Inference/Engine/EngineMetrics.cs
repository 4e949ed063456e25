using System.Diagnostics.Metrics;

namespace Platform.Inference.Engine;

/// <summary>
/// The engine's instruments, named after vLLM's (<c>vllm:num_requests_running</c> → <c>platform.engine.num_requests_running</c>;
/// OpenTelemetry names cannot hold ':'). Gauges and counters read the latest <see cref="EngineStats"/>; histograms are
/// recorded by the engine loop. Every instrument carries the model name as the <c>model</c> tag.
/// </summary>
internal sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Platform.Inference";
    private const string Prefix = "platform.engine.";

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _model;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _interTokenLatency;
    private readonly Histogram<double> _queueTime;
    private readonly Histogram<double> _e2eLatency;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<int> _batchTokens;

    /// <param name="kvBlockBytes">Bytes of one KV block, for the swap byte counters.</param>
    public EngineMetrics(string modelName, Func<EngineStats> stats, long kvBlockBytes = 0)
    {
        _meter = new Meter(MeterName, "1.0");
        _model = new("model", modelName);
        var model = _model;
        _meter.CreateObservableGauge(Prefix + "num_requests_running", () => new Measurement<int>(stats().RunningSequences, model),
            "{request}", "Requests in the running batch.");
        _meter.CreateObservableGauge(Prefix + "num_requests_waiting", () => new Measurement<int>(stats().WaitingSequences, model),
            "{request}", "Requests waiting to be scheduled (new or preempted).");
        _meter.CreateObservableGauge(Prefix + "kv_cache_usage_perc", () => new Measurement<double>(stats().KvCacheUsage, model),
            "1", "Fraction of KV-cache blocks held by live requests (0 to 1).");
        _meter.CreateObservableCounter(Prefix + "prefix_cache_queries", () => new Measurement<long>(stats().PrefixCacheQueriedTokens, model),
            "{token}", "Prompt tokens looked up in the prefix cache.");
        _meter.CreateObservableCounter(Prefix + "prefix_cache_hits", () => new Measurement<long>(stats().PrefixCacheHitTokens, model),
            "{token}", "Prompt tokens found in the prefix cache.");
        _meter.CreateObservableCounter(Prefix + "num_preemptions", () => new Measurement<long>(stats().Preemptions, model),
            "{preemption}", "Requests preempted to free KV blocks (recomputed later).");
        _meter.CreateObservableCounter(Prefix + "prompt_tokens", () => new Measurement<long>(stats().PromptTokens, model),
            "{token}", "Prompt tokens of requests that produced their first token.");
        _meter.CreateObservableCounter(Prefix + "generation_tokens", () => new Measurement<long>(stats().GenerationTokens, model),
            "{token}", "Tokens generated.");
        _meter.CreateObservableCounter(Prefix + "spec_decode_num_draft_tokens", () => new Measurement<long>(stats().SpecDecodeDraftTokens, model),
            "{token}", "Draft tokens (prompt lookup) verified by the model.");
        _meter.CreateObservableCounter(Prefix + "spec_decode_num_accepted_tokens", () => new Measurement<long>(stats().SpecDecodeAcceptedTokens, model),
            "{token}", "Draft tokens the model agreed with.");

        // vLLM v0's names for the swap tier (v1 dropped swapping); the block and byte counters are ours.
        _meter.CreateObservableGauge(Prefix + "num_requests_swapped", () => new Measurement<int>(stats().SwappedSequences, model),
            "{request}", "Requests waiting with their KV swapped out to host memory.");
        _meter.CreateObservableGauge(Prefix + "cpu_cache_usage_perc", () => new Measurement<double>(HostUsage(stats()), model),
            "1", "Fraction of host (swap) KV blocks holding swapped-out KV (0 to 1; 0 when swapping is off).");
        _meter.CreateObservableCounter(Prefix + "num_swap_preemptions", () => new Measurement<long>(stats().SwapPreemptions, model),
            "{preemption}", "Preemptions that swapped the KV out instead of dropping it (part of num_preemptions).");
        _meter.CreateObservableCounter(Prefix + "swapped_out_blocks", () => new Measurement<long>(stats().SwappedOutBlocks, model),
            "{block}", "KV blocks copied from the device pool to host memory.");
        _meter.CreateObservableCounter(Prefix + "swapped_in_blocks", () => new Measurement<long>(stats().SwappedInBlocks, model),
            "{block}", "KV blocks copied back from host memory to the device pool.");
        _meter.CreateObservableCounter(Prefix + "swapped_out_bytes", () => new Measurement<long>(stats().SwappedOutBlocks * kvBlockBytes, model),
            "By", "Bytes of KV copied to host memory.");
        _meter.CreateObservableCounter(Prefix + "swapped_in_bytes", () => new Measurement<long>(stats().SwappedInBlocks * kvBlockBytes, model),
            "By", "Bytes of KV copied back from host memory.");
        _meter.CreateObservableGauge(Prefix + "num_requests_waiting_by_priority", () => WaitingByPriority(stats(), modelName),
            "{request}", "Requests waiting to be scheduled, per priority class (lower runs first).");
        _timeToFirstToken = _meter.CreateHistogram<double>(Prefix + "time_to_first_token_seconds", "s", "Time from arrival to the first token.");
        _interTokenLatency = _meter.CreateHistogram<double>(Prefix + "inter_token_latency_seconds", "s", "Time between consecutive tokens of a request.");
        _queueTime = _meter.CreateHistogram<double>(Prefix + "request_queue_time_seconds", "s", "Time from arrival to first scheduled.");
        _e2eLatency = _meter.CreateHistogram<double>(Prefix + "e2e_request_latency_seconds", "s", "Time from arrival to the last token.");
        _batchSize = _meter.CreateHistogram<int>(Prefix + "batch_size", "{request}", "Sequences computed per engine step.");
        _batchTokens = _meter.CreateHistogram<int>(Prefix + "iteration_tokens_total", "{token}", "Tokens computed per engine step.");
    }

    private static double HostUsage(EngineStats stats) =>
        stats.TotalHostKvBlocks == 0 ? 0 : (double)stats.UsedHostKvBlocks / stats.TotalHostKvBlocks;

    private static IEnumerable<Measurement<int>> WaitingByPriority(EngineStats stats, string modelName)
    {
        if (stats.WaitingByPriority is not { } counts)
        {
            yield break;
        }

        foreach (var (priority, count) in counts)
        {
            yield return new Measurement<int>(count, new("model", modelName), new("priority", priority));
        }
    }

    public void TimeToFirstToken(TimeSpan elapsed) => _timeToFirstToken.Record(elapsed.TotalSeconds, _model);

    public void InterTokenLatency(TimeSpan elapsed) => _interTokenLatency.Record(elapsed.TotalSeconds, _model);

    public void QueueTime(TimeSpan elapsed) => _queueTime.Record(elapsed.TotalSeconds, _model);

    public void EndToEndLatency(TimeSpan elapsed) => _e2eLatency.Record(elapsed.TotalSeconds, _model);

    public void Step(int sequences, int tokens)
    {
        _batchSize.Record(sequences, _model);
        _batchTokens.Record(tokens, _model);
    }

    public void Dispose() => _meter.Dispose();
}
