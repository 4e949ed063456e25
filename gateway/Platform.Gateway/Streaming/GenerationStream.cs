using System.Threading.Channels;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Streaming;

/// <summary>
/// One generation's output as it arrives on this gateway instance. Bus messages may be consumed out of order, so
/// deltas are put back in sequence, and the finish (with any text it carries) is released only after every delta it counts.
/// </summary>
/// <remarks>
/// Output comes from one attempt at a time: the first run heard of is followed, and its worker's lease (any message of
/// it, heartbeats included) must be renewed within the lease timeout. When that attempt is lost (its worker went
/// silent, handed it back, or another run of it started: the command was redelivered), a generation that has shown no
/// text yet follows the next attempt from scratch, once; one that has ends with a <c>worker_lost</c> rejection. Text of
/// two runs is never spliced.
/// </remarks>
internal sealed class GenerationStream
{
    /// <summary>Attempts after the first a generation may switch to while it has shown nothing.</summary>
    public const int MaxRetries = 1;

    private readonly Channel<GenerationEvent> _events = Channel.CreateUnbounded<GenerationEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly SortedDictionary<int, GenerationDelta> _early = [];
    private readonly HashSet<Guid> _abandoned = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private int _nextSequence;
    private GenerationFinished? _pendingFinish;
    private Guid? _attempt;
    private DateTimeOffset _lastHeard;
    private bool _ended;
    private bool _awaitingCitations;

    public GenerationStream(Guid generationId, string model, TimeProvider? time = null)
    {
        GenerationId = generationId;
        Model = model;
        _time = time ?? TimeProvider.System;
    }

    public Guid GenerationId { get; }

    public string Model { get; }

    /// <summary>How the generation ended, once its finish has been released to the reader.</summary>
    public GenerationFinished? Outcome { get; private set; }

    /// <summary>How many times the generation started over on another attempt.</summary>
    public int Retries { get; private set; }

    /// <summary>
    /// Set when the gateway ended the stream itself (worker lost, bus unavailable, shutting down) rather than a worker:
    /// whatever may still run it should be cancelled.
    /// </summary>
    public bool EndedByGateway { get; private set; }

    /// <summary>Whether a worker has been heard running the generation (so it has a lease to lose).</summary>
    public bool Running
    {
        get
        {
            lock (_gate)
            {
                return _attempt is not null && !_ended;
            }
        }
    }

    public IAsyncEnumerable<GenerationEvent> ReadAllAsync(CancellationToken cancellationToken) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>
    /// The generation is a grounded chat answer: its citations come first. They are sent before the model starts, but
    /// bus messages may be consumed out of order, so text and the finish wait for them.
    /// </summary>
    public void ExpectCitations()
    {
        lock (_gate)
        {
            _awaitingCitations = true;
        }
    }

    public void OnCitations(IReadOnlyList<Platform.Contracts.Chat.ChatCitation> citations)
    {
        lock (_gate)
        {
            if (!_awaitingCitations || _ended)
            {
                return; // not asked for, or a redelivery
            }

            _awaitingCitations = false;
            _events.Writer.TryWrite(new GenerationEvent.Citations(citations));
            ReleaseDeltas();
            ReleaseFinishIfComplete();
        }
    }

    public void OnDelta(GenerationDelta delta)
    {
        lock (_gate)
        {
            if (!Follow(delta.Attempt) || delta.Sequence < _nextSequence)
            {
                return; // another run's, or a redelivery
            }

            _early[delta.Sequence] = delta;
            ReleaseDeltas();
            ReleaseFinishIfComplete();
        }
    }

    private void ReleaseDeltas()
    {
        while (!_awaitingCitations && _early.Remove(_nextSequence, out var next))
        {
            _events.Writer.TryWrite(new GenerationEvent.Text(next.Text, next.Logprobs));
            _nextSequence++;
        }
    }

    public void OnFinished(GenerationFinished finished)
    {
        lock (_gate)
        {
            if (!Follow(finished.Attempt))
            {
                return;
            }

            _pendingFinish = finished;
            ReleaseFinishIfComplete();
        }
    }

    public void OnRejected(GenerationRejected rejected)
    {
        lock (_gate)
        {
            if (!Follow(rejected.Attempt))
            {
                return;
            }

            if (rejected.Code == GenerationRejectionCodes.WorkerStopping)
            {
                LoseAttempt("The model worker stopped before the generation ended.");
                return;
            }

            End(new GenerationEvent.Rejected(rejected.Code, rejected.Detail), byGateway: false);
        }
    }

    /// <summary>A worker's heartbeat: the attempt is still running.</summary>
    public void OnAlive(Guid attempt)
    {
        lock (_gate)
        {
            Follow(attempt);
        }
    }

    /// <summary>Takes the followed attempt's worker for dead when it was last heard of more than <paramref name="timeout"/> ago.</summary>
    public bool CheckLease(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_attempt is null || _ended || _time.GetUtcNow() - _lastHeard <= timeout)
            {
                return false;
            }

            LoseAttempt($"The model worker running the generation stopped answering for {timeout.TotalSeconds:F0} s.");
            return true;
        }
    }

    /// <summary>Ends the stream from the gateway's side (bus unavailable, shutting down), unless it already ended.</summary>
    public void Fail(string code, string detail)
    {
        lock (_gate)
        {
            End(new GenerationEvent.Rejected(code, detail), byGateway: true);
        }
    }

    /// <summary>Whether a message of this attempt is to be read; a new attempt replaces the followed one (see remarks).</summary>
    private bool Follow(Guid attempt)
    {
        if (_ended || _abandoned.Contains(attempt))
        {
            return false;
        }

        if (_attempt is null)
        {
            _attempt = attempt;
        }
        else if (_attempt != attempt)
        {
            // A second run exists only if the first one's command went back to the queue: that run is over.
            LoseAttempt("The model worker running the generation was replaced by another.");
            if (_ended)
            {
                return false;
            }

            _attempt = attempt;
        }

        _lastHeard = _time.GetUtcNow();
        return true;
    }

    private void LoseAttempt(string detail)
    {
        if (_attempt is { } lost)
        {
            _abandoned.Add(lost);
        }

        if (_nextSequence > 0 || Retries >= MaxRetries)
        {
            End(new GenerationEvent.Rejected(GenerationRejectionCodes.WorkerLost, detail), byGateway: true);
            return;
        }

        // Nothing was shown: start over with whichever run comes next (RabbitMQ redelivers the command).
        Retries++;
        _attempt = null;
        _early.Clear();
        _pendingFinish = null;
    }

    private void End(GenerationEvent.Rejected rejected, bool byGateway)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        EndedByGateway = byGateway;
        _events.Writer.TryWrite(rejected);
        _events.Writer.TryComplete();
    }

    private void ReleaseFinishIfComplete()
    {
        if (_pendingFinish is { } finish && _nextSequence >= finish.DeltaCount && !_awaitingCitations)
        {
            if (!string.IsNullOrEmpty(finish.Text) || finish.Logprobs is { Count: > 0 })
            {
                _events.Writer.TryWrite(new GenerationEvent.Text(finish.Text ?? "", finish.Logprobs));
            }

            Outcome = finish;
            _ended = true;
            _events.Writer.TryWrite(new GenerationEvent.Finished(finish));
            _events.Writer.TryComplete();
            _pendingFinish = null;
        }
    }
}
