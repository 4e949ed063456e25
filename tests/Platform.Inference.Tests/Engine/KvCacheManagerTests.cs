using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

public sealed class KvCacheManagerTests
{
    private const int BlockSize = 4;

    [Fact]
    public void Allocation_takes_enough_blocks_for_the_new_tokens_and_grows_one_block_at_a_boundary()
    {
        var kv = new KvCacheManager(numBlocks: 8, BlockSize);
        var sequence = SequenceFactory.Create("a", promptLength: 6);

        Assert.True(kv.TryAllocateSlots(sequence, 6));
        Assert.Equal(2, sequence.BlockTable.Count);

        sequence.NumComputedTokens = 6;
        Assert.True(kv.TryAllocateSlots(sequence, 2));
        Assert.Equal(2, sequence.BlockTable.Count);
        sequence.NumComputedTokens = 8;
        Assert.True(kv.TryAllocateSlots(sequence, 1));
        Assert.Equal(3, sequence.BlockTable.Count);
        Assert.Equal(3, kv.NumUsedBlocks);
    }

    [Fact]
    public void Allocation_fails_without_side_effects_when_blocks_run_out()
    {
        var kv = new KvCacheManager(numBlocks: 2, BlockSize);
        var sequence = SequenceFactory.Create("a", promptLength: 9);

        Assert.False(kv.TryAllocateSlots(sequence, 9));
        Assert.Empty(sequence.BlockTable);
        Assert.Equal(2, kv.NumFreeBlocks);
    }

    [Fact]
    public void Freeing_returns_every_block_and_usage_drops_to_zero()
    {
        var kv = new KvCacheManager(numBlocks: 4, BlockSize);
        var sequence = SequenceFactory.Create("a", promptLength: 10);
        kv.TryAllocateSlots(sequence, 10);
        Assert.Equal(0.75, kv.Usage);

        kv.Free(sequence);

        Assert.Empty(sequence.BlockTable);
        Assert.Equal(0, kv.NumUsedBlocks);
        Assert.Equal(0.0, kv.Usage);
    }

    [Fact]
    public void A_shared_prompt_prefix_of_the_same_tenant_hits_the_cache_and_shares_blocks()
    {
        var kv = new KvCacheManager(numBlocks: 16, BlockSize);
        var first = Compute(kv, SequenceFactory.Create("a", promptLength: 10));
        var second = SequenceFactory.Create("b", [.. Enumerable.Range(1000, 9), 5, 6, 7]);
        var blocks = new List<int>();

        int cached = kv.FindCachedPrefix(second, blocks);
        Assert.True(kv.TryAllocateSlots(second, second.NumTokens - cached, blocks));

        Assert.Equal(8, cached);
        Assert.Equal(first.BlockTable.Take(2), second.BlockTable.Take(2));
        Assert.NotEqual(first.BlockTable[2], second.BlockTable[2]);
        Assert.Equal(2, kv.Pool.GetRefCount(first.BlockTable[0]));
        Assert.Equal(12 + 10, kv.PrefixCacheQueriedTokens);
        Assert.Equal(8, kv.PrefixCacheHitTokens);
    }

    [Fact]
    public void The_same_prompt_from_another_tenant_misses_the_cache()
    {
        var kv = new KvCacheManager(numBlocks: 16, BlockSize);
        Compute(kv, SequenceFactory.Create("a", promptLength: 12, salt: "tenant-a"));
        var other = SequenceFactory.Create("b", promptLength: 12, salt: "tenant-b");

        Assert.Equal(0, kv.FindCachedPrefix(other, []));
    }

    [Fact]
    public void A_fully_cached_prompt_still_leaves_its_last_token_to_compute()
    {
        var kv = new KvCacheManager(numBlocks: 16, BlockSize);
        Compute(kv, SequenceFactory.Create("a", promptLength: 8));
        var same = SequenceFactory.Create("b", promptLength: 8);
        var blocks = new List<int>();

        Assert.Equal(4, kv.FindCachedPrefix(same, blocks));
        Assert.Single(blocks);
    }

    [Fact]
    public void A_freed_sequences_full_blocks_are_reusable_until_fresh_blocks_evict_them()
    {
        var kv = new KvCacheManager(numBlocks: 3, BlockSize);
        var first = Compute(kv, SequenceFactory.Create("a", promptLength: 9));
        kv.Free(first);

        Assert.Equal(8, kv.FindCachedPrefix(SequenceFactory.Create("b", promptLength: 9), []));

        var unrelated = SequenceFactory.Create("c", promptLength: 8, firstToken: 5000);
        Assert.True(kv.TryAllocateSlots(unrelated, 8));
        // The partial third block was reused first, then the least recently freed cached block: the second one (tail first).
        Assert.Equal(4, kv.FindCachedPrefix(SequenceFactory.Create("d", promptLength: 9), []));
    }

    [Fact]
    public void Taking_a_free_cached_prefix_counts_against_the_free_blocks()
    {
        var kv = new KvCacheManager(numBlocks: 3, BlockSize);
        var first = Compute(kv, SequenceFactory.Create("a", promptLength: 8));
        kv.Free(first);
        var second = SequenceFactory.Create("b", promptLength: 16);
        var blocks = new List<int>();

        int cached = kv.FindCachedPrefix(second, blocks);

        Assert.Equal(8, cached);
        Assert.False(kv.TryAllocateSlots(second, 8, blocks));
        Assert.Empty(second.BlockTable);
        Assert.Equal(3, kv.NumFreeBlocks);
        Assert.True(kv.TryAllocateSlots(second, 4, blocks));
        Assert.Equal(0, kv.NumFreeBlocks);
    }

    [Fact]
    public void Disabled_prefix_caching_never_hits()
    {
        var kv = new KvCacheManager(numBlocks: 16, BlockSize, enablePrefixCaching: false);
        Compute(kv, SequenceFactory.Create("a", promptLength: 12));

        Assert.Equal(0, kv.FindCachedPrefix(SequenceFactory.Create("b", promptLength: 12), []));
        Assert.Equal(0, kv.Pool.NumCachedBlocks);
    }

    [Fact]
    public void Chained_hashes_differ_when_an_earlier_block_differs()
    {
        var root = BlockHasher.Root("t");
        var a = BlockHasher.Hash(BlockHasher.Hash(root, [1, 2]), [3, 4]);
        var b = BlockHasher.Hash(BlockHasher.Hash(root, [9, 2]), [3, 4]);

        Assert.NotEqual(a, b);
        Assert.Equal(a, BlockHasher.Hash(BlockHasher.Hash(root, [1, 2]), [3, 4]));
        Assert.NotEqual(BlockHasher.Root("t"), BlockHasher.Root("u"));
    }

    /// <summary>Admits the sequence with whatever prefix is cached and marks its prompt computed.</summary>
    private static Sequence Compute(KvCacheManager kv, Sequence sequence)
    {
        var blocks = new List<int>();
        int cached = kv.FindCachedPrefix(sequence, blocks);
        Assert.True(kv.TryAllocateSlots(sequence, sequence.NumTokens - cached, blocks));
        sequence.NumComputedTokens = sequence.NumTokens;
        kv.CacheComputedBlocks(sequence);
        return sequence;
    }
}
