using System.Threading.Channels;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Streaming;

/// <summary>
/// One generation's output as it arrives on this gateway instance. Bus messages may be consumed out of order, so
/// deltas are put back in sequence, and the finish (with any text it carries) is released only after every delta it counts.
/// </summary>
internal sealed class GenerationStream
{
    private readonly Channel<GenerationEvent> _events = Channel.CreateUnbounded<GenerationEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly SortedDictionary<int, GenerationDelta> _early = [];
    private readonly Lock _gate = new();
    private int _nextSequence;
    private GenerationFinished? _pendingFinish;

    public GenerationStream(Guid generationId, string model)
    {
        GenerationId = generationId;
        Model = model;
    }

    public Guid GenerationId { get; }

    public string Model { get; }

    /// <summary>How the generation ended, once its finish has been released to the reader.</summary>
    public GenerationFinished? Outcome { get; private set; }

    public IAsyncEnumerable<GenerationEvent> ReadAllAsync(CancellationToken cancellationToken) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    public void OnDelta(GenerationDelta delta)
    {
        lock (_gate)
        {
            if (delta.Sequence < _nextSequence)
            {
                return; // a redelivery
            }

            _early[delta.Sequence] = delta;
            while (_early.Remove(_nextSequence, out var next))
            {
                _events.Writer.TryWrite(new GenerationEvent.Text(next.Text, next.Logprobs));
                _nextSequence++;
            }

            ReleaseFinishIfComplete();
        }
    }

    public void OnFinished(GenerationFinished finished)
    {
        lock (_gate)
        {
            _pendingFinish = finished;
            ReleaseFinishIfComplete();
        }
    }

    public void OnRejected(GenerationRejected rejected)
    {
        lock (_gate)
        {
            _events.Writer.TryWrite(new GenerationEvent.Rejected(rejected.Code, rejected.Detail));
            _events.Writer.TryComplete();
        }
    }

    private void ReleaseFinishIfComplete()
    {
        if (_pendingFinish is { } finish && _nextSequence >= finish.DeltaCount)
        {
            if (!string.IsNullOrEmpty(finish.Text) || finish.Logprobs is { Count: > 0 })
            {
                _events.Writer.TryWrite(new GenerationEvent.Text(finish.Text ?? "", finish.Logprobs));
            }

            Outcome = finish;
            _events.Writer.TryWrite(new GenerationEvent.Finished(finish));
            _events.Writer.TryComplete();
            _pendingFinish = null;
        }
    }
}
