using System.Text;
using Platform.Contracts.Generation;
using Platform.Inference.Sampling;

namespace Platform.Inference.Engine;

internal sealed partial class LlmEngine
{
    private readonly Dictionary<string, SampledToken> _sampled = new(StringComparer.Ordinal);
    private readonly List<(EngineRequest Request, Exception? Error)> _completed = [];
    private readonly List<(EngineRequest Request, string Text, TokenLogprob? Logprob)> _released = [];
    private readonly List<(int Row, EngineRequest Request)> _sampling = [];
    private int[] _tokens = [];

    /// <summary>
    /// Applies queued adds and aborts, then runs one step if anything is runnable. Call from one thread at a time.
    /// </summary>
    /// <returns>False when there was nothing to do.</returns>
    public bool Step()
    {
        var hadCommands = !_commands.IsEmpty;
        ApplyCommands();
        _completed.Clear();
        var output = _scheduler.Schedule();
        foreach (var id in output.ExpiredRequestIds)
        {
            if (_requests.TryRemove(id, out var request))
            {
                _completed.Add((request, new RequestDeadlineExceededException(id)));
            }
        }

        if (output.IsEmpty)
        {
            PublishAndComplete();
            return hadCommands || output.ExpiredRequestIds.Length > 0;
        }

        var now = _time.GetTimestamp();
        foreach (var row in output.Scheduled)
        {
            if (row.IsDecode)
            {
                _computedDecodeTokens++;
            }
            else
            {
                _computedPrefillTokens += row.NumTokens;
            }

            var request = _requests[row.RequestId];
            if (request.FirstScheduledTimestamp == 0)
            {
                request.FirstScheduledTimestamp = now;
                Metrics.QueueTime(_time.GetElapsedTime(request.ArrivalTimestamp, now));
            }
        }

        Metrics.Step(output.Scheduled.Length, output.TotalScheduledTokens);
        // Out before in: a swap-out's device blocks may already be the targets of this step's computation.
        if (!output.SwapOut.IsEmpty)
        {
            _runner.CopyOut(output.SwapOut.AsSpan());
        }

        if (!output.SwapIn.IsEmpty)
        {
            _runner.CopyIn(output.SwapIn.AsSpan());
        }

        var logits = _runner.Execute(output);
        Sample(output, logits);
        foreach (var finished in _scheduler.UpdateFromOutput(output, _sampled))
        {
            _runner.Free(finished.RequestId);
            if (_requests.TryRemove(finished.RequestId, out var request))
            {
                Metrics.EndToEndLatency(_time.GetElapsedTime(request.ArrivalTimestamp));
                _completed.Add((request, null));
            }
        }

        Stream();
        PublishAndComplete();
        return true;
    }

    /// <summary>
    /// One chunk per sampled token. A sequence the scheduler just finished (at a stop, or at its length) gets what its
    /// tracker held back and the finish reason on that same chunk.
    /// </summary>
    private void Stream()
    {
        foreach (var (request, released, logprob) in _released)
        {
            var text = released;
            var reason = request.Sequence.FinishReason;
            if (reason is { } finished)
            {
                var tail = request.Tracker.Finish(finished);
                (text, reason) = (text + tail.Text, tail.FinishReason);
            }

            request.Emit(new GeneratedChunk(text, request.Sequence.NumPromptTokens, request.Tracker.CompletionTokens, reason)
            {
                Logprob = logprob,
            });
        }

        _released.Clear();
    }

    /// <summary>Stats first, so a consumer whose stream just ended already sees its blocks freed.</summary>
    private void PublishAndComplete()
    {
        PublishStats();
        foreach (var (request, error) in _completed)
        {
            request.Complete(error);
        }

        _completed.Clear();
    }

    /// <summary>
    /// Samples every sequence whose step reached its end (in parallel: each sampler owns its state and each thread its
    /// buffers), then, in scheduling order, keeps the text each token releases.
    /// </summary>
    private void Sample(SchedulerOutput output, StepLogits logits)
    {
        _sampled.Clear();
        _released.Clear();
        _sampling.Clear();
        var scheduled = output.Scheduled;
        for (var i = 0; i < scheduled.Length; i++)
        {
            if (scheduled[i].SamplesNextToken)
            {
                _sampling.Add((i, _requests[scheduled[i].RequestId]));
            }
        }

        if (_tokens.Length < _sampling.Count)
        {
            _tokens = new int[_sampling.Count];
        }

        if (_sampling.Count > 1 && (long)_sampling.Count * logits.VocabSize >= ParallelSamplingThreshold)
        {
            Parallel.For(0, _sampling.Count, k => _tokens[k] = _sampling[k].Request.Sampler.Sample(logits.Row(_sampling[k].Row)));
        }
        else
        {
            for (var k = 0; k < _sampling.Count; k++)
            {
                _tokens[k] = _sampling[k].Request.Sampler.Sample(logits.Row(_sampling[k].Row));
            }
        }

        for (var k = 0; k < _sampling.Count; k++)
        {
            var (row, request) = _sampling[k];
            var token = _tokens[k];
            var step = request.Tracker.Accept(token);
            _sampled[scheduled[row].RequestId] = new SampledToken(token, step.FinishReason);

            var now = _time.GetTimestamp();
            if (request.LastTokenTimestamp == 0)
            {
                Metrics.TimeToFirstToken(_time.GetElapsedTime(request.ArrivalTimestamp, now));
            }
            else
            {
                Metrics.InterTokenLatency(_time.GetElapsedTime(request.LastTokenTimestamp, now));
            }

            request.LastTokenTimestamp = now;
            var logprob = request.Sampler.LastLogprobs is { } sampled && !step.IsEndToken ? Describe(sampled) : null;
            _released.Add((request, step.Text, logprob));
        }
    }

    /// <summary>Below this many logits per step, handing rows to other threads costs more than it saves.</summary>
    private const long ParallelSamplingThreshold = 1 << 16;

    private TokenLogprob Describe(SampledLogprobs sampled)
    {
        var top = new TopTokenLogprob[sampled.Top.Count];
        for (var i = 0; i < top.Length; i++)
        {
            var (id, logprob) = sampled.Top[i];
            var bytes = _tokenizer.TokenBytes(id).ToArray();
            top[i] = new TopTokenLogprob(Encoding.UTF8.GetString(bytes), logprob, bytes);
        }

        var tokenBytes = _tokenizer.TokenBytes(sampled.TokenId).ToArray();
        return new TokenLogprob(Encoding.UTF8.GetString(tokenBytes), sampled.Logprob, tokenBytes, top);
    }
}
