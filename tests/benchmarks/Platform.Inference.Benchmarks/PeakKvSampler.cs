namespace Platform.Inference.Benchmarks;

/// <summary>
/// Polls the engine's per-step stats while a run goes on and keeps the reading with the most KV blocks in use:
/// utilisation there = tokens stored / (blocks in use × block size).
/// </summary>
internal sealed class PeakKvSampler : IDisposable
{
    private readonly EngineTextGenerator _engine;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private int _peakBlocks;
    private long _tokensAtPeak;

    public PeakKvSampler(EngineTextGenerator engine)
    {
        _engine = engine;
        _polling = Task.Run(PollAsync);
    }

    public Dictionary<string, object> Report()
    {
        _stop.Cancel();
        _polling.Wait();
        var slots = (long)_peakBlocks * 16;
        return new Dictionary<string, object>
        {
            ["blocks_in_use"] = _peakBlocks,
            ["slots_allocated"] = slots,
            ["tokens_stored"] = _tokensAtPeak,
            ["utilisation"] = slots == 0 ? 0 : Math.Round((double)_tokensAtPeak / slots, 4),
            ["target_met"] = slots > 0 && _tokensAtPeak >= 0.95 * slots,
        };
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var stats = _engine.Stats;
            if (stats.UsedKvBlocks > _peakBlocks)
            {
                (_peakBlocks, _tokensAtPeak) = (stats.UsedKvBlocks, stats.KvTokensStored);
            }

            try
            {
                await Task.Delay(1, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public void Dispose() => _stop.Dispose();
}
