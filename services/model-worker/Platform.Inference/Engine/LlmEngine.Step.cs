namespace Platform.Inference.Engine;

internal sealed partial class LlmEngine
{
    private readonly Dictionary<string, SampledToken> _sampled = new(StringComparer.Ordinal);
    private readonly List<(EngineRequest Request, Exception? Error)> _completed = [];
    private readonly List<(EngineRequest Request, string Text)> _released = [];

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
        foreach (var (request, released) in _released)
        {
            var text = released;
            var reason = request.Sequence.FinishReason;
            if (reason is { } finished)
            {
                var tail = request.Tracker.Finish(finished);
                (text, reason) = (text + tail.Text, tail.FinishReason);
            }

            request.Emit(new GeneratedChunk(text, request.Sequence.NumPromptTokens, request.Tracker.CompletionTokens, reason));
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

    /// <summary>Samples every sequence whose step reached its end and keeps the text its token releases.</summary>
    private void Sample(SchedulerOutput output, StepLogits logits)
    {
        _sampled.Clear();
        _released.Clear();
        var scheduled = output.Scheduled;
        for (var i = 0; i < scheduled.Length; i++)
        {
            var row = scheduled[i];
            if (!row.SamplesNextToken)
            {
                continue;
            }

            var request = _requests[row.RequestId];
            var token = request.Sampler.Sample(logits.Row(i));
            var step = request.Tracker.Accept(token);
            _sampled[row.RequestId] = new SampledToken(token, step.FinishReason);

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
            _released.Add((request, step.Text));
        }
    }
}
