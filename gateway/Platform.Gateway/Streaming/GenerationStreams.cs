using System.Collections.Concurrent;
using Platform.Contracts.Generation;
using Platform.Gateway.Limits;

namespace Platform.Gateway.Streaming;

/// <summary>The generations this gateway instance is waiting on, by id; each counts as backlog until its first message.</summary>
internal sealed class GenerationStreams(ModelBacklog backlog, TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<Guid, GenerationStream> _open = new();

    public int OpenCount => _open.Count;

    public GenerationStream Open(Guid generationId, string model)
    {
        var stream = new GenerationStream(generationId, model, time);
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

    public void Deliver(Platform.Contracts.Chat.ChatCitations citations) => _open.GetValueOrDefault(citations.GenerationId)?.OnCitations(citations.Citations);

    public void Deliver(GenerationsAlive alive)
    {
        foreach (var attempt in alive.Attempts)
        {
            Find(attempt.GenerationId)?.OnAlive(attempt.Attempt);
        }
    }

    /// <summary>Checks every running generation's lease; returns how many lost their worker.</summary>
    public int CheckLeases(TimeSpan timeout)
    {
        var lost = 0;
        foreach (var stream in _open.Values)
        {
            if (stream.CheckLease(timeout))
            {
                lost++;
            }
        }

        return lost;
    }

    /// <summary>Ends the open generations <paramref name="which"/> selects (all by default) from the gateway's side.</summary>
    public int FailAll(string code, string detail, Func<GenerationStream, bool>? which = null)
    {
        var failed = 0;
        foreach (var stream in _open.Values)
        {
            if (which is null || which(stream))
            {
                stream.Fail(code, detail);
                failed++;
            }
        }

        return failed;
    }

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
