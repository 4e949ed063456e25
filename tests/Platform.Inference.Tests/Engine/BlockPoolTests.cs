using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

public sealed class BlockPoolTests
{
    [Fact]
    public void Fresh_blocks_are_handed_out_in_id_order_with_one_reference()
    {
        var pool = new BlockPool(4);

        int a = pool.AllocateFresh();
        int b = pool.AllocateFresh();

        Assert.Equal([0, 1], new[] { a, b });
        Assert.Equal(1, pool.GetRefCount(a));
        Assert.Equal(2, pool.NumFreeBlocks);
    }

    [Fact]
    public void A_block_returns_to_the_free_queue_only_when_its_last_reference_is_released()
    {
        var pool = new BlockPool(2);
        int block = pool.AllocateFresh();
        pool.Cache(block, 42);
        pool.Touch(block);

        pool.Release(block);
        Assert.Equal(1, pool.GetRefCount(block));
        Assert.Equal(1, pool.NumFreeBlocks);

        pool.Release(block);
        Assert.Equal(0, pool.GetRefCount(block));
        Assert.Equal(2, pool.NumFreeBlocks);
    }

    [Fact]
    public void Releasing_a_free_block_throws()
    {
        var pool = new BlockPool(1);

        Assert.Throws<InvalidOperationException>(() => pool.Release(0));
        Assert.Equal(0, pool.GetRefCount(0));
    }

    [Fact]
    public void Allocating_from_an_exhausted_pool_throws()
    {
        var pool = new BlockPool(1);
        pool.AllocateFresh();

        Assert.Throws<InvalidOperationException>(() => pool.AllocateFresh());
    }

    [Fact]
    public void A_freed_cached_block_stays_findable_and_a_hit_takes_it_off_the_free_queue()
    {
        var pool = new BlockPool(3);
        int block = pool.AllocateFresh();
        pool.Cache(block, 7);
        pool.Release(block);

        Assert.True(pool.TryGetCachedBlock(7, out int hit));
        Assert.Equal(block, hit);
        pool.Touch(hit);

        Assert.Equal(1, pool.GetRefCount(block));
        Assert.DoesNotContain(block, pool.FreeQueue());
        Assert.Equal(2, pool.NumFreeBlocks);
    }

    [Fact]
    public void Uncached_free_blocks_are_used_before_any_cached_block_is_evicted()
    {
        var pool = new BlockPool(3);
        int cached = pool.AllocateFresh();
        int plain = pool.AllocateFresh();
        pool.Cache(cached, 1);
        pool.Release(cached);
        pool.Release(plain);

        Assert.Equal(plain, pool.AllocateFresh());
        Assert.Equal(2, pool.AllocateFresh());
        Assert.True(pool.TryGetCachedBlock(1, out _));
    }

    [Fact]
    public void Cached_free_blocks_are_evicted_least_recently_freed_first()
    {
        var pool = new BlockPool(3);
        int[] blocks = [pool.AllocateFresh(), pool.AllocateFresh(), pool.AllocateFresh()];
        for (int i = 0; i < blocks.Length; i++)
        {
            pool.Cache(blocks[i], (UInt128)(100 + i));
        }

        pool.Release(blocks[1]);
        pool.Release(blocks[2]);
        pool.Release(blocks[0]);

        Assert.Equal(blocks[1], pool.AllocateFresh());
        Assert.False(pool.TryGetCachedBlock(101, out _));
        Assert.True(pool.TryGetCachedBlock(102, out _));
        Assert.True(pool.TryGetCachedBlock(100, out _));
        Assert.Equal(blocks[2], pool.AllocateFresh());
        Assert.Equal(blocks[0], pool.AllocateFresh());
        Assert.Equal(0, pool.NumCachedBlocks);
    }

    [Fact]
    public void A_second_block_with_the_same_content_is_not_cached_over_the_first()
    {
        var pool = new BlockPool(2);
        int first = pool.AllocateFresh();
        int second = pool.AllocateFresh();

        pool.Cache(first, 9);
        pool.Cache(second, 9);

        Assert.True(pool.TryGetCachedBlock(9, out int hit));
        Assert.Equal(first, hit);
        Assert.False(pool.IsHashed(second));
    }
}
