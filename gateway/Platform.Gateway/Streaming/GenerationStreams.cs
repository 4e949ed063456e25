using System.Collections.Concurrent;
using Platform.Contracts.Generation;

namespace Platform.Gateway.Streaming;

/// <summary>The generations this gateway instance is waiting on, by id.</summary>
internal sealed class GenerationStreams
{
    private readonly ConcurrentDictionary<Guid, GenerationStream> _open = new();

    public int OpenCount => _open.Count;

    public GenerationStream Open(Guid generationId)
    {
        var stream = new GenerationStream(generationId);
        if (!_open.TryAdd(generationId, stream))
        {
            throw new InvalidOperationException($"Generation {generationId} is already open.");
        }

        return stream;
    }

    public void Close(Guid generationId) => _open.TryRemove(generationId, out _);

    // Messages for a generation no longer open (cancelled, timed out) are dropped.
    public void Deliver(GenerationDelta delta) => Find(delta.GenerationId)?.OnDelta(delta);

    public void Deliver(GenerationFinished finished) => Find(finished.GenerationId)?.OnFinished(finished);

    public void Deliver(GenerationRejected rejected) => Find(rejected.GenerationId)?.OnRejected(rejected);

    private GenerationStream? Find(Guid generationId) => _open.GetValueOrDefault(generationId);
}
