namespace Platform.Inference.Engine;

/// <summary>
/// Paged KV-cache bookkeeping for sequences: which blocks each one holds, prefix-cache lookups, and the usage
/// figures the worker reports. Pure bookkeeping; the model runner owns the device memory the block ids index.
/// <para>
/// Only full blocks whose KV has been computed are ever shared, and those are never written again, so shared
/// blocks need no copy-on-write.
/// </para>
/// </summary>
internal sealed class KvCacheManager
{
    private readonly BlockPool _pool;

    public KvCacheManager(int numBlocks, int blockSize, bool enablePrefixCaching = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _pool = new BlockPool(numBlocks);
        BlockSize = blockSize;
        EnablePrefixCaching = enablePrefixCaching;
    }

    public int BlockSize { get; }

    public bool EnablePrefixCaching { get; }

    public int NumBlocks => _pool.NumBlocks;

    /// <summary>Blocks not referenced by any sequence (cached-but-free blocks count as free: they are evictable).</summary>
    public int NumFreeBlocks => _pool.NumFreeBlocks;

    public int NumUsedBlocks => _pool.NumBlocks - _pool.NumFreeBlocks;

    /// <summary>Fraction of blocks referenced by live sequences, 0 to 1.</summary>
    public double Usage => (double)NumUsedBlocks / _pool.NumBlocks;

    /// <summary>Prompt tokens looked up in the prefix cache at admission.</summary>
    public long PrefixCacheQueriedTokens { get; private set; }

    /// <summary>Of those, tokens whose KV was found cached.</summary>
    public long PrefixCacheHitTokens { get; private set; }

    internal BlockPool Pool => _pool;

    /// <summary>
    /// Finds the leading full blocks of a not-yet-started sequence whose KV is already cached under its salt. At least
    /// one token is always left to compute, so that the step produces logits.
    /// </summary>
    /// <param name="blocks">Receives the cached block ids, in order.</param>
    /// <returns>The number of leading tokens covered by <paramref name="blocks"/>.</returns>
    public int FindCachedPrefix(Sequence sequence, List<int> blocks)
    {
        blocks.Clear();
        if (!EnablePrefixCaching || sequence.NumComputedTokens != 0 || sequence.BlockTable.Count != 0)
        {
            return 0;
        }

        var hashes = EnsureBlockHashes(sequence);
        int maxBlocks = (sequence.NumTokens - 1) / BlockSize;
        for (int i = 0; i < maxBlocks && _pool.TryGetCachedBlock(hashes[i], out int blockId); i++)
        {
            blocks.Add(blockId);
        }

        return blocks.Count * BlockSize;
    }

    /// <summary>
    /// Makes room for <paramref name="numNewTokens"/> more tokens after the sequence's computed ones, first taking the
    /// cached prefix blocks found by <see cref="FindCachedPrefix"/> when it is being admitted.
    /// </summary>
    /// <returns>False, with nothing changed, when the pool has too few free blocks.</returns>
    public bool TryAllocateSlots(Sequence sequence, int numNewTokens, IReadOnlyList<int>? cachedPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numNewTokens);
        int numCached = cachedPrefix?.Count ?? 0;
        if (numCached > 0 && sequence.BlockTable.Count != 0)
        {
            throw new InvalidOperationException($"{sequence.RequestId} already holds blocks; a cached prefix applies only at admission.");
        }

        int tokensAfterStep = sequence.NumComputedTokens + (numCached * BlockSize) + numNewTokens;
        int numNewBlocks = Math.Max(0, CeilDiv(tokensAfterStep, BlockSize) - sequence.BlockTable.Count - numCached);

        // Cached blocks nobody references sit in the free queue; taking them shrinks what is left for fresh blocks.
        int numFreeCached = 0;
        for (int i = 0; i < numCached; i++)
        {
            if (_pool.GetRefCount(cachedPrefix![i]) == 0)
            {
                numFreeCached++;
            }
        }

        if (numNewBlocks + numFreeCached > _pool.NumFreeBlocks)
        {
            return false;
        }

        for (int i = 0; i < numCached; i++)
        {
            _pool.Touch(cachedPrefix![i]);
            sequence.BlockTable.Add(cachedPrefix[i]);
        }

        sequence.NumHashedBlocks += numCached;
        for (int i = 0; i < numNewBlocks; i++)
        {
            sequence.BlockTable.Add(_pool.AllocateFresh());
        }

        if (cachedPrefix is not null)
        {
            PrefixCacheQueriedTokens += sequence.NumTokens;
            PrefixCacheHitTokens += numCached * BlockSize;
        }

        return true;
    }

    /// <summary>
    /// Registers the sequence's newly computed full blocks in the prefix cache. Called after a step, so a cached
    /// block's KV is always fully written before anyone else can reuse it.
    /// </summary>
    public void CacheComputedBlocks(Sequence sequence)
    {
        if (!EnablePrefixCaching)
        {
            return;
        }

        int numFull = Math.Min(sequence.NumComputedTokens / BlockSize, sequence.BlockTable.Count);
        if (numFull <= sequence.NumHashedBlocks)
        {
            return;
        }

        var hashes = EnsureBlockHashes(sequence);
        for (int i = sequence.NumHashedBlocks; i < numFull; i++)
        {
            _pool.Cache(sequence.BlockTable[i], hashes[i]);
        }

        sequence.NumHashedBlocks = numFull;
    }

    /// <summary>Releases the sequence's trailing blocks that hold none of its first <paramref name="numTokens"/> positions.</summary>
    public void ReleaseBlocksPast(Sequence sequence, int numTokens)
    {
        var table = sequence.BlockTable;
        for (int i = table.Count - 1; i >= CeilDiv(numTokens, BlockSize); i--)
        {
            _pool.Release(table[i]);
            table.RemoveAt(i);
        }
    }

    /// <summary>Drops the sequence's references; its cached full blocks stay reusable until evicted.</summary>
    public void Free(Sequence sequence)
    {
        // Tail blocks first: they are the least likely to be shared, so they should be evicted before the prefix.
        var table = sequence.BlockTable;
        for (int i = table.Count - 1; i >= 0; i--)
        {
            _pool.Release(table[i]);
        }

        table.Clear();
        sequence.NumHashedBlocks = 0;
    }

    private List<UInt128> EnsureBlockHashes(Sequence sequence)
    {
        // Tokens are append-only, so hashes stay valid across preemption and only the new full blocks need hashing.
        var hashes = sequence.BlockHashes;
        int numFull = sequence.NumTokens / BlockSize;
        while (hashes.Count < numFull)
        {
            var parent = hashes.Count == 0 ? BlockHasher.Root(sequence.CacheSalt) : hashes[^1];
            hashes.Add(BlockHasher.Hash(parent, sequence.TokenIds.Slice(hashes.Count * BlockSize, BlockSize)));
        }

        return hashes;
    }

    private static int CeilDiv(int value, int divisor) => (value + divisor - 1) / divisor;
}
