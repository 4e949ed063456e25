using System.Collections.Concurrent;
using System.Threading.Channels;
using Platform.Inference.Sampling;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Engine;

/// <summary>
/// The serving loop: <see cref="Step"/> = schedule → run the model → sample → stop checks → update the scheduler →
/// stream per-request deltas. <see cref="Add"/> and <see cref="AbortAsync"/> may be called from any thread; they are
/// queued and applied between steps by the thread that steps (the background loop after <see cref="Start"/>, or a
/// test calling <see cref="Step"/> directly).
/// </summary>
internal sealed partial class LlmEngine : IDisposable
{
    private readonly Scheduler _scheduler;
    private readonly IModelRunner _runner;
    private readonly ITokenizer _tokenizer;
    private readonly IReadOnlyCollection<int> _endOfSequenceIds;
    private readonly TimeProvider _time;
    private readonly int _maxRunning;
    private readonly ConcurrentQueue<Command> _commands = new();
    private readonly ConcurrentDictionary<string, EngineRequest> _requests = new(StringComparer.Ordinal);
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Lock _statsLock = new();
    private EngineStats _stats;
    private int _pendingAdds;
    private long _computedPrefillTokens;
    private long _computedDecodeTokens;
    private Thread? _loop;
    private volatile bool _stopping;

    public LlmEngine(
        Scheduler scheduler, IModelRunner runner, ITokenizer tokenizer, IReadOnlyCollection<int> endOfSequenceIds,
        int maxRunningSequences, string modelName = "model", TimeProvider? time = null)
    {
        _scheduler = scheduler;
        _runner = runner;
        _tokenizer = tokenizer;
        _endOfSequenceIds = endOfSequenceIds;
        _maxRunning = maxRunningSequences;
        _time = time ?? TimeProvider.System;
        if (scheduler.SwapSpace.NumBlocks > runner.NumHostBlocks)
        {
            throw new ArgumentException(
                $"The scheduler may swap to {scheduler.SwapSpace.NumBlocks} host blocks but the runner keeps {runner.NumHostBlocks}.", nameof(runner));
        }

        _stats = scheduler.GetStats();
        Metrics = new EngineMetrics(modelName, () => Stats, runner.KvBlockBytes);
    }

    internal EngineMetrics Metrics { get; }

    /// <summary>The scheduler, for tests that step the engine themselves (read it only from the stepping thread).</summary>
    internal Scheduler Scheduler => _scheduler;

    /// <summary>The engine's counters and gauges as of the last step.</summary>
    public EngineStats Stats
    {
        get
        {
            lock (_statsLock)
            {
                return _stats;
            }
        }
    }

    public EngineCapacity Capacity
    {
        get
        {
            var stats = Stats;
            var taken = stats.RunningSequences + stats.WaitingSequences + Volatile.Read(ref _pendingAdds);
            return new EngineCapacity(Math.Max(0, _maxRunning - taken), stats.TotalKvBlocks - stats.UsedKvBlocks, stats.TotalKvBlocks);
        }
    }

    /// <summary>True while any request is queued, waiting or running.</summary>
    public bool HasWork => !_requests.IsEmpty;

    /// <summary>Whether the sequence could ever fit: the scheduler's decision, safe to ask from any thread.</summary>
    /// <exception cref="ContextLengthExceededException">It could never fit.</exception>
    public void CheckFits(Sequence sequence) => _scheduler.CheckFits(sequence);

    /// <inheritdoc cref="Scheduler.RoomAfter"/>
    public int RoomAfter(int promptTokens) => _scheduler.RoomAfter(promptTokens);

    /// <summary>
    /// Queues a sequence; its chunks stream from the returned reader, which completes when it finishes, or fails with
    /// <see cref="ContextLengthExceededException"/> when the scheduler refuses it.
    /// </summary>
    public ChannelReader<GeneratedChunk> Add(Sequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var allowed = Math.Min(_tokenizer.VocabularySize, _runner.VocabSize);
        var request = new EngineRequest(
            sequence,
            new Sampler(sequence.Sampling, allowed, sequence.TokenIds.ToArray(), _endOfSequenceIds),
            new CompletionTracker(_tokenizer, sequence.Sampling, _endOfSequenceIds),
            _time.GetTimestamp());
        if (!_requests.TryAdd(sequence.RequestId, request))
        {
            throw new ArgumentException($"A request with id {sequence.RequestId} is already running.", nameof(sequence));
        }

        Interlocked.Increment(ref _pendingAdds);
        _commands.Enqueue(new Command(request, null, null));
        _wake.Set();
        return request.Chunks;
    }

    /// <summary>Cancels a request; the task completes once its blocks are back in the pool (at the next step boundary).</summary>
    public Task AbortAsync(string requestId)
    {
        if (_stopping)
        {
            return Task.CompletedTask;
        }

        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _commands.Enqueue(new Command(null, requestId, applied));
        _wake.Set();
        if (_loop is null)
        {
            // Nobody steps in the background: apply it now (tests that drive Step() themselves are single-threaded).
            ApplyCommands();
        }

        return applied.Task;
    }

    /// <summary>Starts the background thread that steps while there is work.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The engine loop is already running.");
        }

        _loop = new Thread(Loop) { IsBackground = true, Name = "llm-engine" };
        _loop.Start();
    }

    private void Loop()
    {
        while (!_stopping)
        {
            _wake.Reset();
            bool progressed;
            try
            {
                progressed = Step();
            }
            catch (Exception error)
            {
                FailAll(error);
                progressed = true;
            }

            if (!progressed)
            {
                // Idle: sleep until a command arrives; with work that cannot run yet, re-check soon (deadlines).
                _wake.Wait(_scheduler.HasUnfinished ? 10 : Timeout.Infinite);
            }
        }
    }

    /// <summary>
    /// Fails every request the scheduler holds (the model runner threw mid-step); the engine stays usable. Requests whose
    /// add command is still queued never reached the failed step: they stay, and run once their command is applied.
    /// </summary>
    private void FailAll(Exception error)
    {
        // Requests that finished in the failed step before it threw still end normally.
        PublishAndComplete();
        foreach (var request in _requests.Values)
        {
            if (request.Sequence.ArrivalOrder < 0)
            {
                continue;
            }

            if (_scheduler.Abort(request.RequestId))
            {
                _runner.Free(request.RequestId);
            }

            request.Complete(error);
            _requests.TryRemove(request.RequestId, out _);
        }

        PublishStats();
    }

    private void ApplyCommands()
    {
        List<TaskCompletionSource>? applied = null;
        while (_commands.TryDequeue(out var command))
        {
            if (command.Add is { } request)
            {
                Interlocked.Decrement(ref _pendingAdds);
                if (!_requests.TryGetValue(request.RequestId, out var registered) || !ReferenceEquals(registered, request))
                {
                    // Completed before its add was applied: nothing reads its stream, so it must not run.
                    continue;
                }

                try
                {
                    _scheduler.Add(request.Sequence);
                }
                catch (Exception error) when (error is ContextLengthExceededException or ArgumentException)
                {
                    _requests.TryRemove(request.RequestId, out _);
                    request.Complete(error);
                }
            }
            else if (command.AbortId is { } id)
            {
                if (_requests.TryRemove(id, out var aborted))
                {
                    if (_scheduler.Abort(id))
                    {
                        _runner.Free(id);
                    }

                    aborted.Complete();
                }

                if (command.Applied is { } done)
                {
                    (applied ??= []).Add(done);
                }
            }
        }

        // Stats first, so a caller woken by its abort already sees the freed blocks.
        PublishStats();
        applied?.ForEach(done => done.TrySetResult());
    }

    private void PublishStats()
    {
        var stats = _scheduler.GetStats() with
        {
            ComputedPrefillTokens = _computedPrefillTokens,
            ComputedDecodeTokens = _computedDecodeTokens,
        };
        lock (_statsLock)
        {
            _stats = stats;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _loop?.Join();
        foreach (var request in _requests.Values)
        {
            request.Complete(new ObjectDisposedException(nameof(LlmEngine)));
        }

        _requests.Clear();
        while (_commands.TryDequeue(out var command))
        {
            command.Applied?.TrySetResult();
        }

        Metrics.Dispose();
        _wake.Dispose();
    }

    private sealed record Command(EngineRequest? Add, string? AbortId, TaskCompletionSource? Applied);
}
