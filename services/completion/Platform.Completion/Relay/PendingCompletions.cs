using System.Collections.Concurrent;
using Platform.Contracts.Completions;

namespace Platform.Completion.Relay;

/// <summary>An editor's completion on its way through the model: what its answer is post-processed against and sent to.</summary>
/// <param name="Request">The request as the gateway sent it (its id and stream address are the gateway's).</param>
internal sealed record PendingCompletion(CompleteCode Request, Guid ModelGenerationId, string Prefix, string? Suffix);

/// <summary>
/// Editors' completions this instance sent to a model and waits on. The model's generation has an id of its own, so
/// that its raw output (which comes back here) is never taken for the answer the gateway waits on, even where both
/// listen on one bus (embedded).
/// </summary>
internal sealed class PendingCompletions(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, PendingCompletion> _byModelGeneration = new();
    private readonly ConcurrentDictionary<Guid, Guid> _modelGenerationOf = new();

    public int Count => _byModelGeneration.Count;

    public void Add(PendingCompletion pending)
    {
        SweepExpired();
        _byModelGeneration[pending.ModelGenerationId] = pending;
        _modelGenerationOf[pending.Request.GenerationId] = pending.ModelGenerationId;
    }

    public bool IsPending(Guid modelGenerationId) => _byModelGeneration.ContainsKey(modelGenerationId);

    public PendingCompletion? Take(Guid modelGenerationId)
    {
        if (!_byModelGeneration.TryRemove(modelGenerationId, out var pending))
        {
            return null;
        }

        _modelGenerationOf.TryRemove(pending.Request.GenerationId, out _);
        return pending;
    }

    /// <summary>The model's generation id for a gateway's generation id, while it is pending here.</summary>
    public Guid? ModelGenerationOf(Guid generationId) => _modelGenerationOf.TryGetValue(generationId, out var id) ? id : null;

    // A model that never answers (a worker lost mid-generation) must not leave entries behind: the gateway has given up by then.
    private void SweepExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (id, pending) in _byModelGeneration)
        {
            if (pending.Request.Deadline < now - TimeSpan.FromMinutes(1))
            {
                Take(id);
            }
        }
    }
}
