using System.Collections.Concurrent;
using Platform.Contracts.Generation;
using Platform.Gateway.Limits;

namespace Platform.Gateway.Streaming;

/// <summary>The generations this gateway instance is waiting on, by id; each counts as backlog until its first message.</summary>
internal sealed class GenerationStreams(ModelBacklog backlog)
{
    private readonly ConcurrentDictionary<Guid, GenerationStream> _open = new();

    public int OpenCount => _open.Count;

    public GenerationStream Open(Guid generationId, string model)
    {
        var stream = new GenerationStream(generationId, model);
        if (!_open.TryAdd(generationId, stream))
        {
            throw new InvalidOperationException($"Generation {generationId} is already open.");
        }

        backlog.Waiting(model, generationId);
        return stream;
    }

    public void Close(Guid generationId)
    {
        if (_open.TryRemove(generationId, out var stream))
        {
            backlog.Started(stream.Model, generationId);
        }
    }

    // Messages for a generation no longer open (cancelled, timed out) are dropped.
    public void Deliver(GenerationDelta delta) => Find(delta.GenerationId)?.OnDelta(delta);

    public void Deliver(GenerationFinished finished) => Find(finished.GenerationId)?.OnFinished(finished);

    public void Deliver(GenerationRejected rejected) => Find(rejected.GenerationId)?.OnRejected(rejected);

    private GenerationStream? Find(Guid generationId)
    {
        var stream = _open.GetValueOrDefault(generationId);
        if (stream is not null)
        {
            backlog.Started(stream.Model, generationId);
        }

        return stream;
    }
}
