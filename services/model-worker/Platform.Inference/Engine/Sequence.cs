using System.Runtime.InteropServices;
using Platform.Contracts.Generation;

namespace Platform.Inference.Engine;

/// <summary>
/// One request as the engine sees it: prompt and generated token ids, scheduling keys, prefill progress and the
/// KV blocks it holds. Mutated only by <see cref="Scheduler"/> and <see cref="KvCacheManager"/> on the engine thread.
/// </summary>
internal sealed class Sequence
{
    private readonly List<int> _tokenIds;

    public Sequence(string requestId, IEnumerable<int> promptTokenIds, SamplingSettings sampling)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentNullException.ThrowIfNull(promptTokenIds);
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampling.MaxTokens, 1, nameof(sampling));
        _tokenIds = [.. promptTokenIds];
        // At least one token must be computed to have logits to sample from.
        if (_tokenIds.Count == 0)
        {
            throw new ArgumentException("A prompt needs at least one token.", nameof(promptTokenIds));
        }

        RequestId = requestId;
        NumPromptTokens = _tokenIds.Count;
        Sampling = sampling;
    }

    public string RequestId { get; }

    /// <summary>Lower runs first: 0 = code completion, 1 = chat.</summary>
    public int Priority { get; init; }

    /// <summary>Prefix-cache isolation key (the tenant); sequences with different salts never share blocks.</summary>
    public string CacheSalt { get; init; } = "";

    /// <summary>False when the request opted out of speculative decoding (its drafts would cost it compute).</summary>
    public bool AllowSpeculation { get; init; } = true;

    /// <summary>When it passes before the sequence first runs, the scheduler drops it unrun.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>How to sample it, as the request asked; the scheduler reads its max tokens.</summary>
    public SamplingSettings Sampling { get; }

    /// <summary>
    /// The scheduler's sort key, fixed when it is added: the priority class, or with aging the arrival time pushed back
    /// by one aging interval per level, which orders waiting sequences by their aged priority at every instant.
    /// </summary>
    public long OrderKey { get; internal set; }

    /// <summary>Admission order, assigned by the scheduler; breaks ties of <see cref="OrderKey"/>.</summary>
    public long ArrivalOrder { get; internal set; } = -1;

    public SequenceStatus Status { get; internal set; } = SequenceStatus.Waiting;

    /// <summary>Set once <see cref="Status"/> is <see cref="SequenceStatus.Finished"/>.</summary>
    public FinishReason? FinishReason { get; internal set; }

    public int NumPromptTokens { get; }

    public int NumTokens => _tokenIds.Count;

    public int NumGeneratedTokens => _tokenIds.Count - NumPromptTokens;

    /// <summary>Tokens whose KV is in the cache (prefill progress); the rest are computed in later steps.</summary>
    public int NumComputedTokens { get; internal set; }

    /// <summary>Leading prompt tokens that came from the prefix cache at the latest admission.</summary>
    public int NumCachedPromptTokens { get; internal set; }

    public int PreemptionCount { get; internal set; }

    /// <summary>Prompt then generated token ids.</summary>
    public ReadOnlySpan<int> TokenIds => CollectionsMarshal.AsSpan(_tokenIds);

    public ReadOnlySpan<int> GeneratedTokenIds => TokenIds[NumPromptTokens..];

    public int LastTokenId => _tokenIds[^1];

    public bool IsFinished => Status is SequenceStatus.Finished or SequenceStatus.Expired;

    /// <summary>KV block ids holding this sequence's tokens, in position order.</summary>
    internal List<int> BlockTable { get; } = [];

    /// <summary>While swapped out: the host blocks holding the KV of its computed tokens, in position order.</summary>
    internal List<int> HostBlockTable { get; } = [];

    /// <summary>Chained hashes of the full blocks of <see cref="TokenIds"/>, filled lazily by the cache manager.</summary>
    internal List<UInt128> BlockHashes { get; } = [];

    /// <summary>Leading entries of <see cref="BlockTable"/> already registered in the prefix cache.</summary>
    internal int NumHashedBlocks { get; set; }

    /// <summary>Moving average of the fraction of this sequence's drafts the model accepted (1 until it drafts).</summary>
    internal double DraftAcceptance { get; set; } = 1;

    /// <summary>Decodes left before this sequence drafts again, after its drafts were mostly rejected.</summary>
    internal int DraftCooldown { get; set; }

    internal void AppendToken(int tokenId) => _tokenIds.Add(tokenId);

    public override string ToString() =>
        $"{RequestId} [{Status}, p{Priority}, #{ArrivalOrder}, {NumComputedTokens}/{NumTokens} computed, {BlockTable.Count} blocks]";
}
